using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Crawler.Grains.Checks;

/// <summary>
/// A batch's URLs and results in the Redis-protocol store: the URL list, the results list (one JSON line
/// each, in completion order), a "done" bitmap (bit i set once URL i has its result) and counts by outcome.
/// <para>
/// Exactly once: only the batch's activation writes, it records only URLs whose bit is clear, and each
/// write is one transaction (bits, results and counts together, or nothing). Orleans keeps one activation
/// per batch, but during a membership change two can briefly exist; so every activation first claims the
/// batch (an epoch counter) and every write is conditional on its claim still being the latest. A stale
/// activation's write fails instead of duplicating results.
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
    /// Appends at <paramref name="offset"/> only, so a repeated call adds nothing twice; returns the list's
    /// length afterwards.
    /// </summary>
    public async Task<long> AppendUrlsAsync(string batchId, long epoch, long offset, IReadOnlyList<string> urls)
    {
        var keys = Keys(batchId);
        var length = await Db.ListLengthAsync(keys.Urls);
        if (length != offset || urls.Count == 0)
        {
            return length;
        }

        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(keys.Epoch, epoch));
        transaction.AddCondition(Condition.ListLengthEqual(keys.Urls, offset));
        var pushed = transaction.ListRightPushAsync(keys.Urls, [.. urls.Select(u => (RedisValue)u)]);
        await Commit(transaction, batchId);
        return await pushed;
    }

    public async Task<long> CountUrlsAsync(string batchId) => await Db.ListLengthAsync(Keys(batchId).Urls);

    public async Task<string[]> ReadUrlsAsync(string batchId, long start, int count) =>
        ToStrings(await Db.ListRangeAsync(Keys(batchId).Urls, start, start + count - 1));

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
        _ = transaction.ListRightPushAsync(keys.Results, [.. results.Select(r => (RedisValue)r.Json)]);
        foreach (var outcome in results.GroupBy(r => r.Outcome))
        {
            _ = transaction.HashIncrementAsync(keys.Counts, outcome.Key, outcome.Count());
        }

        await Commit(transaction, batchId);
    }

    public async Task<string[]> ReadResultsAsync(string batchId, long from, int count) =>
        ToStrings(await Db.ListRangeAsync(Keys(batchId).Results, from, from + count - 1));

    /// <summary>The done bitmap: bit i (most significant bit first) is set once URL i has its result.</summary>
    public async Task<byte[]> ReadDoneAsync(string batchId) => (byte[]?)await Db.StringGetAsync(Keys(batchId).Done) ?? [];

    public async Task<Dictionary<string, int>> ReadCountsAsync(string batchId) =>
        (await Db.HashGetAllAsync(Keys(batchId).Counts)).ToDictionary(e => e.Name.ToString(), e => (int)e.Value);

    public Task DeleteAsync(string batchId)
    {
        var keys = Keys(batchId);
        return Db.KeyDeleteAsync([keys.Urls, keys.Results, keys.Done, keys.Counts, keys.Epoch]);
    }

    private static async Task Commit(ITransaction transaction, string batchId)
    {
        if (!await transaction.ExecuteAsync())
        {
            throw new StaleBatchException(batchId);
        }
    }

    public static bool IsDone(byte[] bitmap, int index) =>
        (index >> 3) < bitmap.Length && (bitmap[index >> 3] & (0x80 >> (index & 7))) != 0;

    // One hash tag per batch keeps its keys in one slot, as scripts on a Redis cluster require.
    private BatchKeys Keys(string batchId) => new($"checks:{{{cluster.Value.ServiceId}/{batchId}}}");

    private static string[] ToStrings(RedisValue[] values) => Array.ConvertAll(values, v => v.ToString());

    private readonly record struct BatchKeys(string Prefix)
    {
        public RedisKey Urls => Prefix + ":urls";
        public RedisKey Results => Prefix + ":results";
        public RedisKey Done => Prefix + ":done";
        public RedisKey Counts => Prefix + ":counts";
        public RedisKey Epoch => Prefix + ":epoch";
    }
}
