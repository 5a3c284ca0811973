namespace Crawler.Contracts.Tenants;

/// <summary>
/// The cluster's API keys, by the SHA-256 of each key (the one grain of its kind, key <see cref="Key"/>). Keys are made
/// and hashed by the API; the cluster never holds one.
/// </summary>
[Alias("crawler.tenants.api-keys")]
public interface IApiKeysGrain : IGrainWithStringKey
{
    public const string Key = "keys";

    /// <summary>Keeps a new key for <paramref name="tenant"/>; <paramref name="hash"/> is the key's SHA-256 in hex.</summary>
    Task<ApiKey> AddAsync(string hash, string tenant, string? name);

    /// <summary>The key with this hash, or null when there is none or it is revoked.</summary>
    [Retryable]
    Task<ApiKey?> FindAsync(string hash);

    [Retryable]
    Task<IReadOnlyList<ApiKey>> ListAsync();

    /// <summary>Revokes the key with this id (requests with it are refused from then on); null when there is none.</summary>
    Task<ApiKey?> RevokeAsync(string id);
}
