using System.Globalization;
using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Primes;
using Crawler.Formats;

namespace Crawler.Cli;

/// <summary>A prime job from submission to its end: its lines as they arrive, its summary, Ctrl-C cancelling it on the cluster.</summary>
public sealed class PrimeJob(CrawlerApiClient api, JobConsole console, OutputTarget output, ReportFormat? format)
{
    public async Task<int> RunAsync(PrimeJobRequest request, CancellationToken cancellationToken)
    {
        if (format is { } report && report is not (ReportFormat.Ndjson or ReportFormat.Json))
        {
            throw new CrawlerCliException($"A prime job is written as text, ndjson or json, not {report.Name()}.");
        }

        var (location, accepted) = await api.SubmitAsync("/api/primes", request, CrawlerJson.Default.PrimeJobRequest, CrawlerJson.Default.PrimeJobStatus, cancellationToken);
        await console.Error.WriteLineAsync($"primes {accepted.Id}: {Describe(accepted)} on {api.BaseAddress}");
        var lines = new List<string>();
        try
        {
            var total = accepted.Kind switch { PrimeJobKind.Count => accepted.Partitions, PrimeJobKind.IsPrime => accepted.Numbers ?? 0, _ => 0 };
            await console.RunAsync(Describe(accepted), total, async () =>
            {
                await foreach (var line in api.ReadLinesAsync($"{location}/results", async token => (await api.GetAsync(location, CrawlerJson.Default.PrimeJobStatus, token)).State.HasEnded(), cancellationToken))
                {
                    await WriteAsync(accepted.Kind, line, lines);
                }

                return true;
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await api.DeleteAsync(location, CrawlerJson.Default.PrimeJobStatus, grace.Token);
            await console.Error.WriteLineAsync($"Cancelled {accepted.Id}.");
            return ExitCodes.Cancelled;
        }

        var status = await api.GetAsync(location, CrawlerJson.Default.PrimeJobStatus, cancellationToken);
        if (format == ReportFormat.Json)
        {
            // The shape of a batch's JSON report: the job, then its lines.
            await output.Writer.WriteLineAsync($"{{\"job\":{JsonSerializer.Serialize(status, CrawlerJson.Default.PrimeJobStatus)},\"results\":[{string.Join(',', lines)}]}}");
        }

        var notes = format is null ? output.Writer : console.Error;
        if (status.Summary is { } summary)
        {
            await notes.WriteLineAsync(Describe(summary));
        }

        if (status.State == JobState.Completed && accepted.Kind == PrimeJobKind.Count)
        {
            var concurrency = await api.GetAsync($"{location}/summary", CrawlerJson.Default.ConcurrencySummary, cancellationToken);
            await notes.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{status.ElapsedSeconds:0.000} s, {status.Partitions} partitions on {status.Silos.Count} silos"));
            await notes.WriteLineAsync(Summaries.Concurrency(concurrency, "silos"));
        }

        await output.CommitAsync();
        return ExitCodes.Ok;
    }

    private async Task WriteAsync(PrimeJobKind kind, string line, List<string> lines)
    {
        switch (format)
        {
            case ReportFormat.Ndjson:
                await output.Writer.WriteLineAsync(line);
                console.Count();
                return;
            case ReportFormat.Json:
                lines.Add(line);
                console.Count();
                return;
        }

        switch (kind)
        {
            case PrimeJobKind.List:
                await output.Writer.WriteLineAsync(JsonSerializer.Deserialize(line, CrawlerJson.Default.PrimeLine)!.Prime.ToString(CultureInfo.InvariantCulture));
                return;
            case PrimeJobKind.IsPrime:
                var answer = JsonSerializer.Deserialize(line, CrawlerJson.Default.IsPrimeLine)!;
                console.Write(answer.Prime ? new("PRIME", "green", answer.Number.ToString(CultureInfo.InvariantCulture)) : new("NOT PRIME", "grey", answer.Number.ToString(CultureInfo.InvariantCulture)));
                return;
            default:
                var partition = JsonSerializer.Deserialize(line, CrawlerJson.Default.PrimePartitionLine)!;
                console.Write(new("PART", "blue", string.Create(CultureInfo.InvariantCulture,
                    $"[{partition.From}, {partition.To}) {partition.Count} primes on {partition.Silo} ({partition.Seconds:0.00}s)")));
                return;
        }
    }

    private static string Describe(PrimeJobStatus job) => job.Kind switch
    {
        PrimeJobKind.IsPrime => $"is each of {job.Numbers} numbers prime?",
        PrimeJobKind.List => $"the primes of [{job.From}, {job.To})",
        _ => $"the primes of [{job.From}, {job.To}) in {job.Partitions} partitions",
    };

    private static string Describe(PrimeSummary summary) => string.Create(CultureInfo.InvariantCulture,
        $"{summary.Count} primes in [{summary.From}, {summary.To}); {summary.TwinPairs} twin pairs; first {Show(summary.FirstPrime)}, last {Show(summary.LastPrime)}; " +
        $"largest gap {summary.LargestGap}{(summary.LargestGapAfter is { } after ? $" after {after}" : "")}");

    private static string Show(ulong? prime) => prime?.ToString(CultureInfo.InvariantCulture) ?? "none";
}
