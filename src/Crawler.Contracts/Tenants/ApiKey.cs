namespace Crawler.Contracts.Tenants;

/// <summary>An API key as it is kept and shown: never the key itself, which only its holder has.</summary>
/// <param name="Id">The first 12 hex digits of the key's SHA-256: enough to name it, not to find it.</param>
[GenerateSerializer, Immutable]
[Alias("crawler.tenants.api-key")]
public sealed record ApiKey(
    [property: Id(0)] string Id,
    [property: Id(1)] string Tenant,
    [property: Id(2)] string? Name,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? RevokedAt = null)
{
    public bool IsRevoked => RevokedAt is not null;
}
