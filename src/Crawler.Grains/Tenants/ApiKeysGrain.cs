using Crawler.Contracts;
using Crawler.Contracts.Tenants;
using Microsoft.Extensions.Logging;

namespace Crawler.Grains.Tenants;

/// <summary>Keeps the hashes of the cluster's API keys, with their tenants; the API asks it whose a key is.</summary>
public sealed partial class ApiKeysGrain(
    [PersistentState("keys", CrawlerCluster.JobStorage)] IPersistentState<ApiKeysRecord> record,
    TimeProvider time,
    ILogger<ApiKeysGrain> logger) : Grain, IApiKeysGrain
{
    private Dictionary<string, ApiKey> Keys => record.State.ByHash;

    public async Task<ApiKey> AddAsync(string hash, string tenant, string? name)
    {
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("A key is kept by its SHA-256 in lower-case hex.", nameof(hash));
        }

        if (!TenantNames.IsValid(tenant))
        {
            throw new ArgumentException($"'{tenant}' is not a tenant name.", nameof(tenant));
        }

        var key = new ApiKey(hash[..12], tenant, name, time.GetUtcNow());
        if (!Keys.TryAdd(hash, key))
        {
            throw new InvalidOperationException("That key exists already.");
        }

        await record.WriteStateAsync();
        LogAdded(key.Id, tenant);
        return key;
    }

    public Task<ApiKey?> FindAsync(string hash) =>
        Task.FromResult(Keys.TryGetValue(hash, out var key) && !key.IsRevoked ? key : null);

    public Task<IReadOnlyList<ApiKey>> ListAsync() =>
        Task.FromResult<IReadOnlyList<ApiKey>>([.. Keys.Values.OrderBy(k => k.Tenant, StringComparer.Ordinal).ThenBy(k => k.CreatedAt)]);

    public async Task<ApiKey?> RevokeAsync(string id)
    {
        if (Keys.FirstOrDefault(k => k.Value.Id == id) is not { Key: { } hash, Value: { } key })
        {
            return null;
        }

        if (!key.IsRevoked)
        {
            Keys[hash] = key = key with { RevokedAt = time.GetUtcNow() };
            await record.WriteStateAsync();
            LogRevoked(id, key.Tenant);
        }

        return key;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyId} added for tenant {Tenant}")]
    private partial void LogAdded(string keyId, string tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyId} of tenant {Tenant} revoked")]
    private partial void LogRevoked(string keyId, string tenant);
}
