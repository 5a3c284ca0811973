using System.Text.Json;
using Crawler.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Crawler.Grains.Batches;

/// <summary>
/// A batch's data in the Redis-protocol store, beside its grain state. Every value stays small whatever the
/// batch's size (a store with a memory budget moves old records to disk, and a big value that keeps changing
/// would be rewritten whole each time):
/// <list type="bullet">
/// <item>URLs in blocks of <see cref="BlockSize"/> (a JSON array each), a list of the blocks' first indices,
/// and the count;</item>
/// <item>each result under its own key, the order they completed in as lists of <see cref="PageSize"/>
/// indices, the "done" bits in pages of <see cref="BitPage"/>, and counts by outcome.</item>
/// </list>
/// Results of OK URLs can also go to a cache shared by batches, with a time to live.
/// <para>
/// Exactly once: only the batch's activation writes, it records only URLs whose bit is clear, and each
/// write is one transaction (results, bits, order and counts together, or nothing). Orleans keeps one
/// activation per batch, but during a membership change two can briefly exist; so every activation first
/// claims the batch (an epoch counter) and every write is conditional on its claim still being the latest.
/// A stale activation's write fails instead of duplicating results.
/// </para>
/// </summary>
public sealed class BatchStore(
    [FromKeyedServices(CrawlerCluster.Store)] IConnectionMultiplexer redis,
    IOptions<ClusterOptions> cluster)
{
    public const int BlockSize = 1_000;
    public const int PageSize = 1_000;
    public const int BitPage = 8 * 1_024;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Claims the batch for the calling activation; the claim fences off any older activation.</summary>
    public Task<long> ClaimAsync(string batchId) => Db.StringIncrementAsync(Keys(batchId).Epoch);

    /// <summary>
    /// Appends URLs at <paramref name="offset"/> only, so a repeated call adds nothing twice; returns the
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
        var total = Append(transaction, keys, offset, urls);
        await Commit(transaction, batchId);
        return await total;
    }

    /// <summary>Adds URLs at <paramref name="offset"/> to a transaction, on condition that the batch holds exactly that many.</summary>
    private static Task<long> Append(ITransaction transaction, BatchKeys keys, long offset, IReadOnlyList<string> urls)
    {
        transaction.AddCondition(offset == 0 ? Condition.KeyNotExists(keys.Length) : Condition.StringEqual(keys.Length, offset));
        var blocks = urls.Chunk(BlockSize).Select((block, n) => (Offset: offset + ((long)n * BlockSize), Urls: block)).ToList();
        foreach (var (first, block) in blocks)
        {
            _ = transaction.StringSetAsync(keys.Block(first), JsonSerializer.Serialize(block, UrlBlockJson.Default.StringArray));
        }

        _ = transaction.ListRightPushAsync(keys.Blocks, [.. blocks.Select(b => (RedisValue)b.Offset)]);
        return transaction.StringIncrementAsync(keys.Length, urls.Count);
    }

    public async Task<long> CountUrlsAsync(string batchId) => (long?)await Db.StringGetAsync(Keys(batchId).Length) ?? 0;

    /// <summary>The first index of every block of URLs, in order.</summary>
    public async Task<long[]> ReadBlockOffsetsAsync(string batchId) =>
        [.. (await Db.ListRangeAsync(Keys(batchId).Blocks)).Select(k => (long)k)];

    public async Task<string[]> ReadBlockAsync(string batchId, long offset) =>
        JsonSerializer.Deserialize((string?)await Db.StringGetAsync(Keys(batchId).Block(offset)) ?? "[]", UrlBlockJson.Default.StringArray) ?? [];

    /// <summary>
    /// Records results of URLs the caller knows to have none yet, in one transaction; <paramref name="position"/>
    /// is how many results the batch has recorded before these. A crawl appends the URLs these results found in the
    /// same transaction (<paramref name="found"/>: at the batch's current length), so no page's result is ever stored
    /// without its links, at the cost of one durable write instead of two.
    /// </summary>
    /// <param name="content">The SHA-256 of the content these results downloaded: the batch refers to it from now on.</param>
    /// <returns>
    /// False when nothing was written because the first result is in the store already: an earlier attempt of this write
    /// was applied though its answer was lost (a store restart, a dropped connection). Its RPUSH and HINCRBY must not run
    /// twice; the caller reads the progress again and writes only what is still missing.
    /// </returns>
    public async Task<bool> RecordAsync(
        string batchId,
        long epoch,
        long position,
        IReadOnlyList<(int Index, string Outcome, string Json)> results,
        (long Offset, IReadOnlyList<string> Urls)? found = null,
        IReadOnlyCollection<string>? content = null,
        IEnumerable<KeyValuePair<string, long>>? counters = null)
    {
        var keys = Keys(batchId);
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(keys.Epoch, epoch));
        var fresh = results.Count > 0 ? transaction.AddCondition(Condition.KeyNotExists(keys.Result(results[0].Index))) : null;
        if (found is { Urls.Count: > 0 } append)
        {
            _ = Append(transaction, keys, append.Offset, append.Urls);
        }

        if (content is { Count: > 0 })
        {
            _ = transaction.SetAddAsync(keys.Content, [.. content.Select(c => (RedisValue)c)]);
        }

        foreach (var result in results)
        {
            _ = transaction.StringSetAsync(keys.Result(result.Index), result.Json);
        }

        foreach (var page in results.GroupBy(r => r.Index / BitPage))
        {
            var bits = page.SelectMany(r => new object[] { "SET", "u1", r.Index % BitPage, 1 }).ToArray();
            _ = transaction.ExecuteAsync("BITFIELD", [(RedisKey)keys.DonePage(page.Key), .. bits]);
        }

        foreach (var page in results.Select((r, n) => (r.Index, Position: position + n)).GroupBy(p => p.Position / PageSize))
        {
            _ = transaction.ListRightPushAsync(keys.OrderPage(page.Key), [.. page.Select(p => (RedisValue)p.Index)]);
        }

        foreach (var outcome in results.GroupBy(r => r.Outcome))
        {
            _ = transaction.HashIncrementAsync(keys.Counts, outcome.Key, outcome.Count());
        }

        foreach (var (name, count) in counters ?? [])
        {
            _ = transaction.HashIncrementAsync(keys.Counts, name, count);
        }

        if (await transaction.ExecuteAsync())
        {
            return true;
        }

        return fresh is { WasSatisfied: false } && await Db.StringGetAsync(keys.Epoch) == epoch ? false : throw new StaleBatchException(batchId);
    }

    /// <summary>Up to <paramref name="count"/> results in completion order, from position <paramref name="from"/>.</summary>
    public async Task<string[]> ReadResultsAsync(string batchId, long from, int count)
    {
        var keys = Keys(batchId);
        var indices = new List<RedisValue>(count);
        for (var position = from; indices.Count < count;)
        {
            var page = position / PageSize;
            var start = position % PageSize;
            var read = await Db.ListRangeAsync(keys.OrderPage(page), start, start + (count - indices.Count) - 1);
            indices.AddRange(read);
            position += read.Length;
            if (read.Length == 0 || position % PageSize != 0)
            {
                break; // the page is not full: nothing follows it yet
            }
        }

        return indices.Count == 0 ? [] : Array.ConvertAll(await Db.StringGetAsync([.. indices.Select(i => keys.Result((int)i))]), v => v.ToString());
    }

    public async Task<string?> ReadResultAsync(string batchId, int index) => await Db.StringGetAsync(Keys(batchId).Result(index));

    /// <summary>Which of the first <paramref name="total"/> URLs have their result.</summary>
    public async Task<System.Collections.BitArray> ReadDoneAsync(string batchId, int total)
    {
        var keys = Keys(batchId);
        var pages = (total + BitPage - 1) / BitPage;
        var values = pages == 0 ? [] : await Db.StringGetAsync([.. Enumerable.Range(0, pages).Select(keys.DonePage)]);
        var done = new System.Collections.BitArray(total);
        for (var page = 0; page < pages; page++)
        {
            var bytes = (byte[]?)values[page] ?? [];
            for (var bit = 0; bit < Math.Min(BitPage, total - (page * BitPage)); bit++)
            {
                done[(page * BitPage) + bit] = (bit >> 3) < bytes.Length && (bytes[bit >> 3] & (0x80 >> (bit & 7))) != 0;
            }
        }

        return done;
    }

    public async Task<Dictionary<string, int>> ReadCountsAsync(string batchId) =>
        (await Db.HashGetAllAsync(Keys(batchId).Counts)).ToDictionary(e => e.Name.ToString(), e => (int)e.Value);

    /// <summary>Cached results of earlier batches of <paramref name="scope"/> for these URL keys (null where there is none).</summary>
    public async Task<string?[]> ReadCachedAsync(string scope, IReadOnlyList<string> urlKeys) =>
        urlKeys.Count == 0 ? [] : Array.ConvertAll(await Db.StringGetAsync([.. urlKeys.Select(k => CacheKey(scope, k))]), v => (string?)v);

    public Task WriteCachedAsync(string scope, IReadOnlyList<(string UrlKey, string Json)> results, TimeSpan ttl)
    {
        var batch = Db.CreateBatch();
        var writes = results.Select(r => batch.StringSetAsync(CacheKey(scope, r.UrlKey), r.Json, ttl)).ToArray();
        batch.Execute();
        return Task.WhenAll(writes);
    }

    /// <summary>Counts the batch among those that refer to content, so that the content sweep reads what it refers to.</summary>
    public Task MarkContentAsync(string batchId) => Db.SetAddAsync(ContentBatches, batchId);

    /// <summary>Every batch that refers to content (until it is deleted).</summary>
    public async Task<string[]> ContentBatchesAsync() => [.. (await Db.SetMembersAsync(ContentBatches)).Select(v => v.ToString())];

    /// <summary>The SHA-256 of every piece of content the batch's results refer to.</summary>
    public async IAsyncEnumerable<string> ContentOfAsync(string batchId)
    {
        await foreach (var sha256 in Db.SetScanAsync(Keys(batchId).Content, pageSize: 1_000))
        {
            yield return sha256.ToString();
        }
    }

    /// <summary>
    /// Deletes everything of the batch: its URLs, results, order, done bits, counts, content references and claim (the
    /// results of its first <paramref name="total"/> URLs), a thousand keys at a time.
    /// </summary>
    public async Task DeleteAsync(string batchId, int total)
    {
        var keys = Keys(batchId);
        var offsets = await ReadBlockOffsetsAsync(batchId);
        IEnumerable<RedisKey> all =
        [
            .. offsets.Select(keys.Block),
            .. Enumerable.Range(0, total).Select(keys.Result),
            .. Enumerable.Range(0, (total + PageSize - 1) / PageSize).Select(p => keys.OrderPage(p)),
            .. Enumerable.Range(0, (total + BitPage - 1) / BitPage).Select(keys.DonePage),
            keys.Blocks, keys.Length, keys.Counts, keys.Content, keys.Epoch, keys.Links,
        ];
        foreach (var chunk in all.Chunk(1_000))
        {
            await Db.KeyDeleteAsync(chunk);
        }

        await Db.SetRemoveAsync(ContentBatches, batchId);
    }

    /// <summary>Keeps a document check's links (compressed JSON) under the batch, deleted with it.</summary>
    public Task WriteLinksAsync(string batchId, byte[] links) => Db.StringSetAsync(Keys(batchId).Links, links);

    public async Task<byte[]?> ReadLinksAsync(string batchId) => (byte[]?)await Db.StringGetAsync(Keys(batchId).Links);

    /// <summary>Deletes a batch that never started: its URLs, count and claim.</summary>
    public async Task DeleteUnstartedAsync(string batchId)
    {
        var keys = Keys(batchId);
        var offsets = await ReadBlockOffsetsAsync(batchId);
        await Db.KeyDeleteAsync([.. offsets.Select(keys.Block), keys.Blocks, keys.Length, keys.Epoch, keys.Links]);
    }

    private static async Task Commit(ITransaction transaction, string batchId)
    {
        if (!await transaction.ExecuteAsync())
        {
            throw new StaleBatchException(batchId);
        }
    }

    // One hash tag per batch keeps its keys in one slot, as transactions on a Redis cluster require.
    private BatchKeys Keys(string batchId) => new($"checks:{{{cluster.Value.ServiceId}/{batchId}}}");

    private RedisKey ContentBatches => $"checks-content:{cluster.Value.ServiceId}";

    private RedisKey CacheKey(string scope, string urlKey) => $"checks-cache:{cluster.Value.ServiceId}:{scope}:{urlKey}";

    private readonly record struct BatchKeys(string Prefix)
    {
        public RedisKey Blocks => Prefix + ":blocks";
        public RedisKey Length => Prefix + ":length";
        public RedisKey Counts => Prefix + ":counts";
        public RedisKey Epoch => Prefix + ":epoch";
        public RedisKey Content => Prefix + ":content";
        public RedisKey Links => Prefix + ":links";

        public RedisKey Block(long offset) => $"{Prefix}:url:{offset}";
        public RedisKey Result(int index) => $"{Prefix}:r:{index}";
        public RedisKey OrderPage(long page) => $"{Prefix}:order:{page}";
        public RedisKey DonePage(int page) => $"{Prefix}:done:{page}";
    }
}
