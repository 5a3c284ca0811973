using System.Diagnostics;
using Crawler.Testing;

namespace Crawler.Deploy.Tests;

/// <summary>Runs podman (and the other container tools) with the repository's containers.conf, and says what they said.</summary>
internal static class Podman
{
    /// <summary>Podman's settings for this kind of machine: deploy/podman/containers.conf.</summary>
    public static string Configuration => Path.Combine(Repository.Root, "deploy", "podman", "containers.conf");

    public static Task<string> RunAsync(params string[] arguments) => ToolAsync("podman", TimeSpan.FromMinutes(2), arguments);

    /// <summary>Runs <paramref name="tool"/>; its standard output, or an exception with everything it wrote.</summary>
    public static async Task<string> ToolAsync(string tool, TimeSpan within, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        start.Environment["CONTAINERS_CONF"] = Configuration;
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} took longer than {within}");
        }

        return process.ExitCode == 0
            ? (await output).Trim()
            : throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
    }
}
