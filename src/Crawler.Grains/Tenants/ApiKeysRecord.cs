using Crawler.Contracts.Tenants;

namespace Crawler.Grains.Tenants;

/// <summary>The cluster's API keys (grain state), by the SHA-256 of each key.</summary>
[GenerateSerializer]
[Alias("crawler.tenants.api-keys-record")]
public sealed class ApiKeysRecord
{
    [Id(0)] public Dictionary<string, ApiKey> ByHash { get; set; } = [];
}
