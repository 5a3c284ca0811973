using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Grains.Batches;
using Crawler.Testing;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Crawler.Grains.Tests.Batches;

/// <summary>
/// A batch's run without a cluster: its URLs and results in the real store (the test run's Garnet), its parts made as
/// the batch grain makes them, and every call made on one exclusive scheduler, as a grain's turns are.
/// </summary>
internal sealed class TestRun : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _redis;

    private TestRun(ConnectionMultiplexer redis, BatchStore store, BatchRun run)
    {
        _redis = redis;
        Store = store;
        Run = run;
    }

    public BatchStore Store { get; }

    public BatchRun Run { get; }

    public string Id => Run.Id;

    /// <summary>Whether a newer claim fenced this run off (its <c>stale</c> callback ran).</summary>
    public bool WentStale { get; private set; }

    /// <summary>A running batch of <paramref name="urls"/>, claimed and stored.</summary>
    public static async Task<TestRun> StartAsync(StoreFixture fixture, IReadOnlyList<string> urls, BatchOptions? options = null, BatchKind kind = BatchKind.Check, TimeProvider? time = null)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(fixture.ConnectionString);
        var store = new BatchStore(redis, Options.Create(new ClusterOptions { ServiceId = "parts-" + Guid.NewGuid().ToString("N") }));
        var id = Guid.NewGuid().ToString("N");
        var epoch = await store.ClaimAsync(id);
        await store.AppendUrlsAsync(id, epoch, 0, urls);
        var record = new BatchRecord
        {
            Kind = kind,
            State = JobState.Running,
            Options = (options ?? BatchOptions.Default).For(kind),
            Total = urls.Count,
            CreatedAt = DateTimeOffset.UtcNow,
            StartedAt = DateTimeOffset.UtcNow,
            CrawlShards = kind == BatchKind.Crawl ? 2 : 0,
        };
        var blocks = new UrlBlocks(store, id, crawl: kind == BatchKind.Crawl);
        await blocks.LoadAsync();
        var progress = new BatchProgress();
        progress.Reset(urls.Count);
        TestRun? test = null;
        var run = new BatchRun(id, epoch, record, record.Options, store, blocks, progress, time ?? TimeProvider.System, () => test!.WentStale = true);
        return test = new TestRun(redis, store, run);
    }

    /// <summary>The results the store holds, in the order they were recorded.</summary>
    public async Task<List<UrlResult>> StoredAsync() =>
        [.. (await Store.ReadResultsAsync(Id, 0, 100_000)).Select(line => System.Text.Json.JsonSerializer.Deserialize(line, CrawlerJson.Default.UrlResult)!)];

    public ValueTask DisposeAsync() => _redis.DisposeAsync();
}

/// <summary>Runs code as a grain's turns run: one piece at a time, its awaits resuming on the same exclusive scheduler.</summary>
internal static class GrainTurns
{
    public static Task<T> RunAsync<T>(Func<Task<T>> turns) =>
        Task.Factory.StartNew(turns, CancellationToken.None, TaskCreationOptions.None, new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler).Unwrap();

    public static Task RunAsync(Func<Task> turns) => RunAsync(async () =>
    {
        await turns();
        return true;
    });

    /// <summary>Lets the dispatcher's sending, under way on these turns, run to its end.</summary>
    public static async Task IdleAsync(HostDispatcher dispatcher)
    {
        while (!dispatcher.IsIdle)
        {
            await Task.Yield();
        }
    }
}
