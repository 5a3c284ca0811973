namespace Crawler.Contracts.Batches;

/// <summary>One step of a redirect chain: <see cref="Url"/> answered <see cref="Status"/> and pointed elsewhere.</summary>
[GenerateSerializer, Immutable]
[Alias("crawler.batches.redirect-hop")]
public sealed record RedirectHop([property: Id(0)] string Url, [property: Id(1)] int Status);
