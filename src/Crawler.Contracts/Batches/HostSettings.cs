namespace Crawler.Contracts.Batches;

/// <summary>
/// What a batch does differently for the hosts matching <see cref="Host"/> (<c>docs.example.com</c>, <c>*.example.com</c> or
/// <c>*</c>; the most specific match wins): requests in flight at once, least time between two starts, and headers sent
/// to those hosts only (added to the batch's, a header of the same name replacing the batch's).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("crawler.batches.host-settings")]
public sealed record HostSettings
{
    [Id(0)] public string Host { get; set; } = "";

    [Id(1)] public int? PerHostConcurrency { get; set; }

    [Id(2)] public int? PerHostDelayMs { get; set; }

    [Id(3)] public IReadOnlyDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>();
}
