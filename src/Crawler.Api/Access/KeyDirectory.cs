using Crawler.Contracts.Tenants;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Crawler.Api.Access;

/// <summary>
/// Whose a key is, from the cluster's key grain, remembered for <see cref="AuthOptions.KeyCacheSeconds"/> (unknown keys for
/// a few seconds), so that a request costs no grain call of its own.
/// </summary>
public sealed class KeyDirectory(IClusterClient cluster, IMemoryCache cache, IOptions<AuthOptions> auth)
{
    private static readonly TimeSpan Unknown = TimeSpan.FromSeconds(5);

    // The hash each remembered key id was looked up by, so that a revocation here forgets it at once.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _hashById = new(StringComparer.Ordinal);

    public async Task<ApiKey?> FindAsync(string key)
    {
        var hash = ApiKeys.Hash(key);
        if (cache.TryGetValue<ApiKey?>(hash, out var known))
        {
            return known;
        }

        var found = await cluster.GetGrain<IApiKeysGrain>(IApiKeysGrain.Key).FindAsync(hash);
        if (found is not null)
        {
            _hashById[found.Id] = hash;
        }

        cache.Set(hash, found, new MemoryCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = found is null ? Unknown : TimeSpan.FromSeconds(auth.Value.KeyCacheSeconds),
            Size = 1,
        });
        return found;
    }

    /// <summary>Forgets a key at once in this API (other instances forget it when their entry expires).</summary>
    public void Forget(string id)
    {
        if (_hashById.TryRemove(id, out var hash))
        {
            cache.Remove(hash);
        }
    }
}
