using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Crawler.Contracts;

namespace Crawler.Cli.Tests;

/// <summary>Ctrl-C on the real <c>crawler</c> process: the job is cancelled on the cluster and the exit code says so.</summary>
public sealed partial class CancellationTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>
{
    // Generous: in a full test run the machine's two cores also build container images and run clusters of other projects.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Ctrl_c_cancels_the_job_on_the_cluster_and_exits_130()
    {
        var cancellation = TestContext.Current.CancellationToken;
        // URLs that never answer, allowed the longest timeout there is: the job cannot end by itself before Ctrl-C,
        // however long a loaded machine takes to submit it.
        string[] urls = [.. Enumerable.Range(0, 6).Select(i => fixture.Url(i % 3, $"/hang?i={i}"))];
        using var process = Start(["check", .. urls, "--server", fixture.Server.Address.ToString(), "--retries", "0", "--timeout-ms", "600000"]);
        var clock = Stopwatch.StartNew();
        var submitted = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var error = new System.Text.StringBuilder();
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (error)
            {
                error.AppendLine(e.Data);
            }

            if (e.Data is { } line && JobLine().Match(line) is { Success: true } match)
            {
                submitted.TrySetResult(match.Groups[1].Value);
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await Task.WhenAny(submitted.Task, process.WaitForExitAsync(cancellation)).WaitAsync(Patience, cancellation);
            Assert.True(submitted.Task.IsCompleted, $"the CLI ended before it submitted (exit {(process.HasExited ? process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}); error: {error}; output: {output}");
            var id = await submitted.Task;
            var submittedAfter = clock.Elapsed;
            using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            await kill.WaitForExitAsync(cancellation);
            Assert.Equal(0, kill.ExitCode);
            var exited = process.WaitForExitAsync(cancellation);
            await Task.WhenAny(exited, Task.Delay(Patience, cancellation));
            Assert.True(exited.IsCompleted, $"the CLI went on {Patience.TotalSeconds:0} s after Ctrl-C; error: {error}; output: {output}");

            Assert.True(process.ExitCode == ExitCodes.Cancelled, $"exit {process.ExitCode} ({submittedAfter.TotalSeconds:0.0} s to submit, {clock.Elapsed.TotalSeconds:0.0} s in all); error: {error}; output: {output}");
            Assert.Contains($"Cancelled {id}", error.ToString(), StringComparison.Ordinal);
            using var http = new HttpClient { BaseAddress = fixture.Server.Address };
            var status = await http.GetFromJsonAsync($"/api/checks/{id}", CrawlerJson.Default.BatchStatus, cancellation);
            Assert.Equal(JobState.Cancelled, status!.State);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>
    /// Starts the CLI as a shell at a terminal would, with SIGINT at its default: a process started in the background by a
    /// non-interactive shell (as CI runners start test commands) inherits SIGINT ignored, and .NET keeps it so, as it should
    /// for a background job — Ctrl-C would never reach the command.
    /// </summary>
    private static Process Start(string[] args)
    {
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "crawler.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    [GeneratedRegex("^checks ([0-9a-f]{32}): ")]
    private static partial Regex JobLine();
}
