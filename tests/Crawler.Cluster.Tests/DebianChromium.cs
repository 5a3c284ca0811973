using System.Diagnostics;

namespace Crawler.Cluster.Tests;

/// <summary>
/// Debian's Chromium, which the web page's tests drive. On a fresh machine run as root (CI, a new development box) it is
/// installed with apt-get the first time it is needed, so <c>dotnet test</c> stays the one command; elsewhere its
/// absence fails the tests with the command that installs it.
/// </summary>
internal static class DebianChromium
{
    public const string Path = "/usr/bin/chromium";

    private static readonly SemaphoreSlim Once = new(1, 1);

    public static async Task<string> EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        await Once.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(Path) && Environment.UserName == "root" && File.Exists("/usr/bin/apt-get"))
            {
                await AptGetAsync(["update", "-qq"], cancellationToken);
                await AptGetAsync(["install", "-y", "-qq", "--no-install-recommends", "chromium"], cancellationToken);
            }

            return File.Exists(Path)
                ? Path
                : throw new InvalidOperationException(
                    $"The web page's tests drive Debian's Chromium, and {Path} does not exist: install it with " +
                    "`sudo apt-get install -y --no-install-recommends chromium` (as root, the tests and .ci/run do so themselves).");
        }
        finally
        {
            Once.Release();
        }
    }

    private static async Task AptGetAsync(string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("apt-get") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"apt-get {string.Join(' ', args)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
