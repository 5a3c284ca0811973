using System.Text.Json.Serialization;

namespace Crawler.Contracts.Batches;

/// <summary>
/// Why a URL waited before its request started, in milliseconds per reason, over all its attempts: the batch's limit (no
/// share of its concurrency free for the URL's host), its host's limit (the host's requests in flight, every batch's),
/// the host's delay between starts (<c>perHostDelayMs</c>, robots.txt's Crawl-delay, or a throttling host's penalty), a
/// <c>Retry-After</c> (the URL's own or its whole host's pause), back-off before a retry, and the silo's probe slots (every
/// host of the silo sharing them). A reason that held it back not at all is left out of the JSON (it is 0).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("crawler.batches.wait-times")]
public sealed record WaitTimes(
    [property: Id(0), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] double BatchMs = 0,
    [property: Id(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] double HostMs = 0,
    [property: Id(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] double DelayMs = 0,
    [property: Id(3), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] double RetryAfterMs = 0,
    [property: Id(4), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] double BackoffMs = 0,
    [property: Id(5), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] double SiloMs = 0)
{
    public static WaitTimes None { get; } = new();

    /// <summary>The reasons' names, in the order of <see cref="Values"/> (the API's, the CLI's and the page's words).</summary>
    public static IReadOnlyList<string> Reasons { get; } = ["batch", "host", "delay", "retryAfter", "backoff", "silo"];

    [JsonIgnore]
    public double TotalMs => BatchMs + HostMs + DelayMs + RetryAfterMs + BackoffMs + SiloMs;

    [JsonIgnore]
    public IReadOnlyList<double> Values => [BatchMs, HostMs, DelayMs, RetryAfterMs, BackoffMs, SiloMs];

    public static WaitTimes operator +(WaitTimes a, WaitTimes b) => new(
        a.BatchMs + b.BatchMs, a.HostMs + b.HostMs, a.DelayMs + b.DelayMs, a.RetryAfterMs + b.RetryAfterMs, a.BackoffMs + b.BackoffMs, a.SiloMs + b.SiloMs);

    /// <summary>Rounded to a tenth of a millisecond, as results are stored.</summary>
    public WaitTimes Rounded() => new(R(BatchMs), R(HostMs), R(DelayMs), R(RetryAfterMs), R(BackoffMs), R(SiloMs));

    private static double R(double ms) => Math.Round(Math.Max(0, ms), 1);
}
