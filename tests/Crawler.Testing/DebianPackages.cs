using System.Diagnostics;

namespace Crawler.Testing;

/// <summary>
/// Debian packages that tests drive (Debian's chromium for the browser tests). On a fresh machine run as root (CI, a
/// new development box) a missing one is installed the first time a test needs it, by the script .ci/run uses too
/// (<c>tests/install-debian-packages.sh</c>), so <c>dotnet test</c> stays the one command; elsewhere its absence fails
/// the test with the command that installs it.
/// </summary>
public static class DebianPackages
{
    private const string Script = "tests/install-debian-packages.sh";

    private static readonly SemaphoreSlim Once = new(1, 1);

    /// <summary>Makes sure <paramref name="path"/> exists, installing <paramref name="package"/> if it does not; returns the path.</summary>
    public static async Task<string> EnsureAsync(string package, string path, CancellationToken cancellationToken)
    {
        await Once.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(path) && Environment.UserName == "root" && File.Exists("/usr/bin/apt-get"))
            {
                await InstallAsync($"{package}:{path}", cancellationToken);
            }

            return File.Exists(path)
                ? path
                : throw new InvalidOperationException(
                    $"This test drives Debian's {package}, and {path} does not exist: install it with `{Script} {package}:{path}` " +
                    "(as root, the tests and .ci/run do so themselves).");
        }
        finally
        {
            Once.Release();
        }
    }

    private static async Task InstallAsync(string spec, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Repository.Root };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(spec);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Script} {spec} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
