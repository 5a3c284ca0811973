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

    private readonly ConnectionMultiplexer _direct;

    private TestRun(ConnectionMultiplexer redis, ConnectionMultiplexer direct, BatchStore store, BatchStore directStore, BatchRun run)
    {
        _redis = redis;
        _direct = direct;
        Store = store;
        Direct = directStore;
        Run = run;
    }

    public BatchStore Store { get; }

    /// <summary>The same store reached directly, not through the run's connection (which a test may cut).</summary>
    public BatchStore Direct { get; }

    public BatchRun Run { get; }

    public string Id => Run.Id;

    /// <summary>Whether a newer claim fenced this run off (its <c>stale</c> callback ran).</summary>
    public bool WentStale { get; private set; }

    /// <summary>A running batch of <paramref name="urls"/>, claimed and stored.</summary>
    /// <param name="connectionString">How to reach the store, when not directly (through a <see cref="StoreProxy"/>).</param>
    public static async Task<TestRun> StartAsync(
        StoreFixture fixture, IReadOnlyList<string> urls, BatchOptions? options = null, BatchKind kind = BatchKind.Check, TimeProvider? time = null, string? connectionString = null)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(connectionString ?? fixture.ConnectionString);
        var direct = connectionString is null ? redis : await ConnectionMultiplexer.ConnectAsync(fixture.ConnectionString);
        var cluster = Options.Create(new ClusterOptions { ServiceId = "parts-" + Guid.NewGuid().ToString("N") });
        var store = new BatchStore(redis, cluster);
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
        return test = new TestRun(redis, direct, store, direct == redis ? store : new BatchStore(direct, cluster), run);
    }

    /// <summary>The results the store holds, in the order they were recorded.</summary>
    public async Task<List<UrlResult>> StoredAsync() =>
        [.. (await Direct.ReadResultsAsync(Id, 0, 100_000)).Select(line => System.Text.Json.JsonSerializer.Deserialize(line, CrawlerJson.Default.UrlResult)!)];

    public async ValueTask DisposeAsync()
    {
        await _redis.DisposeAsync();
        if (_direct != _redis)
        {
            await _direct.DisposeAsync();
        }
    }
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
