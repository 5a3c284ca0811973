namespace Crawler.Contracts.Tenants;

/// <summary>Where a job stands after a download: what it has downloaded in all, and what is left of its tenant's day.</summary>
[GenerateSerializer, Immutable]
[Alias("crawler.tenants.download-draw")]
public sealed record DownloadDraw([property: Id(0)] long JobBytes, [property: Id(1)] long LeftToday);
