using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Crawler.Grains.Checks;

/// <summary>
/// A batch's URLs and results in the Redis-protocol store. Results are recorded by a script that sets the
/// URL's bit in a "done" bitmap and appends the result only if the bit was clear, so each URL is reported
/// exactly once however often its result arrives, and the counts move with the results in one step.
/// </summary>
public sealed class CheckBatchStore(
    [FromKeyedServices(StoreNames.Connection)] IConnectionMultiplexer redis,
    IOptions<ClusterOptions> cluster)
{
    // KEYS: urls. ARGV: offset, url... Appends only at the expected offset, so a retried call adds nothing twice.
    private const string AppendScript = """
        local length = redis.call('LLEN', KEYS[1])
        if length ~= tonumber(ARGV[1]) then return length end
        for i = 2, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[i]) end
        return length + #ARGV - 1
        """;

    // KEYS: done bitmap, results list, counts hash. ARGV: (index, outcome, json) triples.
    private const string RecordScript = """
        local added = 0
        for i = 1, #ARGV, 3 do
          if redis.call('SETBIT', KEYS[1], tonumber(ARGV[i]), 1) == 0 then
            redis.call('RPUSH', KEYS[2], ARGV[i + 2])
            redis.call('HINCRBY', KEYS[3], ARGV[i + 1], 1)
            added = added + 1
          end
        end
        return added
        """;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Appends at <paramref name="offset"/>; returns the list's length afterwards.</summary>
    public async Task<long> AppendUrlsAsync(string batchId, long offset, IReadOnlyList<string> urls)
    {
        var args = new RedisValue[urls.Count + 1];
        args[0] = offset;
        for (var i = 0; i < urls.Count; i++)
        {
            args[i + 1] = urls[i];
        }

        return (long)await Db.ScriptEvaluateAsync(AppendScript, [Keys(batchId).Urls], args);
    }

    public async Task<long> CountUrlsAsync(string batchId) => await Db.ListLengthAsync(Keys(batchId).Urls);

    public async Task<string[]> ReadUrlsAsync(string batchId, long start, int count) =>
        ToStrings(await Db.ListRangeAsync(Keys(batchId).Urls, start, start + count - 1));

    /// <summary>Records results not recorded before; returns how many were new.</summary>
    public async Task<int> RecordAsync(string batchId, IReadOnlyList<(int Index, string Outcome, string Json)> results)
    {
        var keys = Keys(batchId);
        var args = new RedisValue[results.Count * 3];
        for (var i = 0; i < results.Count; i++)
        {
            args[3 * i] = results[i].Index;
            args[(3 * i) + 1] = results[i].Outcome;
            args[(3 * i) + 2] = results[i].Json;
        }

        return (int)(long)await Db.ScriptEvaluateAsync(RecordScript, [keys.Done, keys.Results, keys.Counts], args);
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
        return Db.KeyDeleteAsync([keys.Urls, keys.Results, keys.Done, keys.Counts]);
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
    }
}
