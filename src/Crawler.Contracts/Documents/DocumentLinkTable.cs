namespace Crawler.Contracts.Documents;

/// <summary>Every link of a document check (<c>POST /api/documents</c>), kept with its batch until the report joins them.</summary>
[GenerateSerializer, Immutable]
[Alias("crawler.documents.link-table")]
public sealed record DocumentLinkTable(
    [property: Id(0)] int Documents,
    [property: Id(1)] int LocalTargets,
    [property: Id(2)] IReadOnlyList<LocatedLink> Links);
