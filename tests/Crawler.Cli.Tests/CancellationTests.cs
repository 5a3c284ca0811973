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
            var id = await submitted.Task.WaitAsync(Patience, cancellation);
            var submittedAfter = clock.Elapsed;
            using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync(cancellation);
            await process.WaitForExitAsync(cancellation).WaitAsync(Patience, cancellation);

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

    private static Process Start(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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
