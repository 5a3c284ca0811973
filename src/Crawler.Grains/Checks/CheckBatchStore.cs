using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Crawler.Grains.Checks;

/// <summary>
/// A batch's data in the Redis-protocol store, beside its grain state:
/// <list type="bullet">
/// <item>its URLs, in blocks as they were appended (a hash: first index → JSON array), and their count;</item>
/// <item>its results by index (a hash), the order they completed in (a list of indices), a "done" bitmap
/// (bit i set once URL i has its result) and counts by outcome;</item>
/// <item>a "seen" hash from URL key (see <see cref="Probing.UrlTriage"/>) to the first index with that URL,
/// which makes later copies duplicates.</item>
/// </list>
/// Results of OK URLs can also go to a cache shared by batches, with a time to live.
/// <para>
/// Exactly once: only the batch's activation writes, it records only URLs whose bit is clear, and each
/// write is one transaction (bits, results, order and counts together, or nothing). Orleans keeps one
/// activation per batch, but during a membership change two can briefly exist; so every activation first
/// claims the batch (an epoch counter) and every write is conditional on its claim still being the latest.
/// A stale activation's write fails instead of duplicating results.
/// </para>
/// </summary>
public sealed class CheckBatchStore(
    [FromKeyedServices(StoreNames.Connection)] IConnectionMultiplexer redis,
    IOptions<ClusterOptions> cluster)
{
    private IDatabase Db => redis.GetDatabase();

    /// <summary>Claims the batch for the calling activation; the claim fences off any older activation.</summary>
    public Task<long> ClaimAsync(string batchId) => Db.StringIncrementAsync(Keys(batchId).Epoch);

    /// <summary>
    /// Appends a block at <paramref name="offset"/> only, so a repeated call adds nothing twice; returns the
    /// number of URLs afterwards.
    /// </summary>
    public async Task<long> AppendUrlsAsync(string batchId, long epoch, long offset, IReadOnlyList<string> urls)
    {
        var keys = Keys(batchId);
        var length = await CountUrlsAsync(batchId);
        if (length != offset || urls.Count == 0)
        {
            return length;
        }

        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(keys.Epoch, epoch));
        transaction.AddCondition(offset == 0 ? Condition.KeyNotExists(keys.Length) : Condition.StringEqual(keys.Length, offset));
        _ = transaction.HashSetAsync(keys.Urls, offset, JsonSerializer.Serialize(urls, GrainsJson.Default.IReadOnlyListString));
        var total = transaction.StringIncrementAsync(keys.Length, urls.Count);
        await Commit(transaction, batchId);
        return await total;
    }

    public async Task<long> CountUrlsAsync(string batchId) => (long?)await Db.StringGetAsync(Keys(batchId).Length) ?? 0;

    /// <summary>The first index of every block of URLs, in order.</summary>
    public async Task<long[]> ReadBlockOffsetsAsync(string batchId) =>
        [.. (await Db.HashKeysAsync(Keys(batchId).Urls)).Select(k => (long)k).Order()];

    public async Task<string[]> ReadBlockAsync(string batchId, long offset) =>
        JsonSerializer.Deserialize((string?)await Db.HashGetAsync(Keys(batchId).Urls, offset) ?? "[]", GrainsJson.Default.StringArray) ?? [];

    /// <summary>
    /// For each URL key, the first index that had it: <paramref name="entries"/> own index if it is the first,
    /// another if the URL came earlier. Idempotent, so a resumed batch gets the same answer.
    /// </summary>
    public async Task<int[]> FirstIndicesAsync(string batchId, IReadOnlyList<(string Key, int Index)> entries)
    {
        var seen = Keys(batchId).Seen;
        var batch = Db.CreateBatch();
        var claims = entries.Select(e => batch.HashSetAsync(seen, e.Key, e.Index, When.NotExists)).ToArray();
        batch.Execute();
        await Task.WhenAll(claims);

        var firsts = entries.Select(e => e.Index).ToArray();
        var taken = Enumerable.Range(0, entries.Count).Where(i => !claims[i].Result).ToArray();
        if (taken.Length > 0)
        {
            var owners = await Db.HashGetAsync(seen, [.. taken.Select(i => (RedisValue)entries[i].Key)]);
            for (var i = 0; i < taken.Length; i++)
            {
                firsts[taken[i]] = (int)owners[i];
            }
        }

        return firsts;
    }

    /// <summary>Records results of URLs the caller knows to have none yet, in one transaction.</summary>
    public async Task RecordAsync(string batchId, long epoch, IReadOnlyList<(int Index, string Outcome, string Json)> results)
    {
        var keys = Keys(batchId);
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(keys.Epoch, epoch));
        var bits = new object[results.Count * 4];
        for (var i = 0; i < results.Count; i++)
        {
            bits[4 * i] = "SET";
            bits[(4 * i) + 1] = "u1";
            bits[(4 * i) + 2] = results[i].Index;
            bits[(4 * i) + 3] = 1;
        }

        _ = transaction.ExecuteAsync("BITFIELD", [(RedisKey)keys.Done, .. bits]);
        _ = transaction.HashSetAsync(keys.Results, [.. results.Select(r => new HashEntry(r.Index, r.Json))]);
        _ = transaction.ListRightPushAsync(keys.Order, [.. results.Select(r => (RedisValue)r.Index)]);
        foreach (var outcome in results.GroupBy(r => r.Outcome))
        {
            _ = transaction.HashIncrementAsync(keys.Counts, outcome.Key, outcome.Count());
        }

        await Commit(transaction, batchId);
    }

    /// <summary>Results in completion order, from position <paramref name="from"/>.</summary>
    public async Task<string[]> ReadResultsAsync(string batchId, long from, int count)
    {
        var keys = Keys(batchId);
        var order = await Db.ListRangeAsync(keys.Order, from, from + count - 1);
        return order.Length == 0 ? [] : Array.ConvertAll(await Db.HashGetAsync(keys.Results, order), v => v.ToString());
    }

    public async Task<string?> ReadResultAsync(string batchId, int index) => await Db.HashGetAsync(Keys(batchId).Results, index);

    /// <summary>The done bitmap: bit i (most significant bit first) is set once URL i has its result.</summary>
    public async Task<byte[]> ReadDoneAsync(string batchId) => (byte[]?)await Db.StringGetAsync(Keys(batchId).Done) ?? [];

    public async Task<Dictionary<string, int>> ReadCountsAsync(string batchId) =>
        (await Db.HashGetAllAsync(Keys(batchId).Counts)).ToDictionary(e => e.Name.ToString(), e => (int)e.Value);

    /// <summary>Cached results of earlier batches for these URL keys (null where there is none).</summary>
    public async Task<string?[]> ReadCachedAsync(IReadOnlyList<string> urlKeys) =>
        urlKeys.Count == 0 ? [] : Array.ConvertAll(await Db.StringGetAsync([.. urlKeys.Select(CacheKey)]), v => (string?)v);

    public Task WriteCachedAsync(IReadOnlyList<(string UrlKey, string Json)> results, TimeSpan ttl)
    {
        var batch = Db.CreateBatch();
        var writes = results.Select(r => batch.StringSetAsync(CacheKey(r.UrlKey), r.Json, ttl)).ToArray();
        batch.Execute();
        return Task.WhenAll(writes);
    }

    /// <summary>Drops what only a running batch needs (the duplicate index), keeping URLs, results and counts.</summary>
    public Task ForgetRunAsync(string batchId) => Db.KeyDeleteAsync(Keys(batchId).Seen);

    public Task DeleteAsync(string batchId)
    {
        var keys = Keys(batchId);
        return Db.KeyDeleteAsync([keys.Urls, keys.Length, keys.Results, keys.Order, keys.Done, keys.Counts, keys.Seen, keys.Epoch]);
    }

    public static bool IsDone(byte[] bitmap, int index) =>
        (index >> 3) < bitmap.Length && (bitmap[index >> 3] & (0x80 >> (index & 7))) != 0;

    private static async Task Commit(ITransaction transaction, string batchId)
    {
        if (!await transaction.ExecuteAsync())
        {
            throw new StaleBatchException(batchId);
        }
    }

    // One hash tag per batch keeps its keys in one slot, as transactions on a Redis cluster require.
    private BatchKeys Keys(string batchId) => new($"checks:{{{cluster.Value.ServiceId}/{batchId}}}");

    private RedisKey CacheKey(string urlKey) => $"checks-cache:{cluster.Value.ServiceId}:{urlKey}";

    private readonly record struct BatchKeys(string Prefix)
    {
        public RedisKey Urls => Prefix + ":urls";
        public RedisKey Length => Prefix + ":length";
        public RedisKey Results => Prefix + ":results";
        public RedisKey Order => Prefix + ":order";
        public RedisKey Done => Prefix + ":done";
        public RedisKey Counts => Prefix + ":counts";
        public RedisKey Seen => Prefix + ":seen";
        public RedisKey Epoch => Prefix + ":epoch";
    }
}
