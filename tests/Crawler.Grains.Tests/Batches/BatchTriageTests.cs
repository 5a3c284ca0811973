using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Grains.Batches;
using Crawler.Probing;
using Crawler.Testing;

namespace Crawler.Grains.Tests.Batches;

/// <summary>The batch's triage on the real store, without a cluster: what it records at once, what it queues, and copies.</summary>
public sealed class BatchTriageTests(StoreFixture store)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Invalid_and_excluded_urls_get_results_copies_wait_for_the_first_and_the_rest_are_queued()
    {
        string[] urls = ["http://a.test/1", "ftp://a.test/x", "http://b.test/private/2", "HTTP://A.TEST:80/1", "http://b.test/3", "not a url"];
        await using var test = await TestRun.StartAsync(store, urls, new BatchOptions { Exclude = ["private"] });
        var triage = new BatchTriage(test.Run);

        var blocks = await GrainTurns.RunAsync(() => CollectAsync(triage));

        var block = Assert.Single(blocks);
        Assert.Equal(
            [(1, "invalid_url"), (2, "excluded"), (5, "invalid_url")],
            block.Recorded.Select(r => (r.Index, r.Outcome)).Order());
        Assert.Equal([new QueuedUrl("a.test", 0, urls[0]), new QueuedUrl("b.test", 4, urls[4])], block.Queued);

        // Index 3 is index 0 spelled otherwise: it gets 0's result once 0 has one, as its duplicate.
        test.Run.Progress.Add(Result(0, urls[0]));
        var copies = await GrainTurns.RunAsync(() => triage.CopiesOfAsync(Result(0, urls[0])));
        var copy = Assert.Single(copies);
        Assert.Equal((3, urls[3], 0, "ok"), (copy.Index, copy.Url, copy.DuplicateOf, copy.Outcome));
        Assert.Empty(await GrainTurns.RunAsync(() => triage.CopiesOfAsync(Result(0, urls[0])))); // given out once
    }

    [Fact]
    public async Task A_url_the_cache_knows_is_recorded_as_cached_and_not_queued()
    {
        string[] urls = ["http://cached.test/page", "http://fresh.test/page"];
        await using var test = await TestRun.StartAsync(store, urls, new BatchOptions { CacheTtlSeconds = 60 });
        NormalizedUrl.TryParse(urls[0], out var cachedUrl, out _);
        var earlier = Result(7, urls[0]) with { Status = 200, FinishedAt = DateTimeOffset.UtcNow };
        await test.Store.WriteCachedAsync(test.Run.CacheScope, [(UrlTriage.KeyText(UrlTriage.KeyOf(cachedUrl!)), JsonSerializer.Serialize(earlier, CrawlerJson.Default.UrlResult))], TimeSpan.FromMinutes(1));

        var block = Assert.Single(await GrainTurns.RunAsync(() => CollectAsync(new BatchTriage(test.Run))));

        var cached = Assert.Single(block.Recorded);
        Assert.Equal((0, true, 200), (cached.Index, cached.Cached, cached.Status));
        Assert.Equal([1], block.Queued.Select(q => q.Index));
    }

    [Fact]
    public async Task A_stale_cached_result_with_validators_is_queued_to_be_asked_about_again_and_one_without_is_queued_plainly()
    {
        string[] urls = ["http://tagged.test/page", "http://plain.test/page"];
        await using var test = await TestRun.StartAsync(store, urls, new BatchOptions { CacheTtlSeconds = 60 });
        var stale = DateTimeOffset.UtcNow.AddMinutes(-5);
        var entries = urls.Select((url, i) =>
        {
            NormalizedUrl.TryParse(url, out var normalized, out _);
            var earlier = Result(i, url) with { Status = 200, FinishedAt = stale, ETag = i == 0 ? "\"v7\"" : null };
            return (UrlTriage.KeyText(UrlTriage.KeyOf(normalized!)), JsonSerializer.Serialize(earlier, CrawlerJson.Default.UrlResult));
        }).ToList();
        await test.Store.WriteCachedAsync(test.Run.CacheScope, entries, TimeSpan.FromMinutes(10));

        var block = Assert.Single(await GrainTurns.RunAsync(() => CollectAsync(new BatchTriage(test.Run))));

        Assert.Empty(block.Recorded); // neither is fresh
        Assert.Equal([0, 1], block.Queued.Select(q => q.Index));
        Assert.Equal(("\"v7\"", null), test.Run.Revalidations[0]);
        Assert.False(test.Run.Revalidations.ContainsKey(1));
    }

    [Fact]
    public async Task Urls_already_done_are_left_alone_and_each_block_is_triaged_once()
    {
        var urls = Enumerable.Range(0, BatchStore.BlockSize + 3).Select(i => $"http://h{i % 3}.test/{i}").ToList();
        await using var test = await TestRun.StartAsync(store, urls);
        test.Run.Progress.Add(Result(1, urls[1]));
        test.Run.Progress.Add(Result(BatchStore.BlockSize + 1, urls[BatchStore.BlockSize + 1]));
        var triage = new BatchTriage(test.Run);
        triage.Skip(BatchStore.BlockSize); // the second block, as a crawl's appended one

        var first = await GrainTurns.RunAsync(() => CollectAsync(triage));
        var again = await GrainTurns.RunAsync(() => CollectAsync(triage));

        var block = Assert.Single(first);
        Assert.Equal(0, block.Offset);
        Assert.Equal(BatchStore.BlockSize - 1, block.Queued.Count);
        Assert.DoesNotContain(block.Queued, q => q.Index == 1);
        Assert.Empty(again);
    }

    private static async Task<List<TriagedBlock>> CollectAsync(BatchTriage triage)
    {
        var blocks = new List<TriagedBlock>();
        await foreach (var block in triage.BlocksAsync(Cancellation))
        {
            blocks.Add(block);
        }

        return blocks;
    }

    private static UrlResult Result(int index, string url) => new() { Index = index, Url = url, Outcome = "ok", QueuedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch };
}
