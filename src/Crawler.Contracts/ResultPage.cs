namespace Crawler.Contracts;

/// <summary>
/// Results <c>[From, From + Lines.Count)</c> of a batch, each already serialized as one JSON object,
/// in the order they completed. <see cref="Finished"/> says no result will follow <c>From + Lines.Count</c>.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("crawler.jobs.result-page")]
public sealed record ResultPage(
    [property: Id(0)] long From,
    [property: Id(1)] IReadOnlyList<string> Lines,
    [property: Id(2)] bool Finished);
