using Crawler.Contracts.Batches;
using Crawler.Grains.Batches;
using Crawler.Grains.Hosts;
using Crawler.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Crawler.Grains.Tests.Batches;

/// <summary>
/// The batch's sending to hosts without a cluster: the host grains are stand-ins that record what they are sent, the
/// URLs are in the real store. Limits, a host lost with its silo, a host that asks for a pause.
/// </summary>
public sealed class HostDispatcherTests(StoreFixture store)
{
    [Fact]
    public async Task It_sends_within_the_batchs_concurrency_and_sends_more_as_results_arrive()
    {
        var urls = Enumerable.Range(0, 12).Select(i => $"http://h{i % 2}.test/{i}").ToList();
        await using var test = await TestRun.StartAsync(store, urls, new BatchOptions { MaxConcurrency = 3, PerHostConcurrency = 2 });
        var hosts = new Hosts();
        var dispatcher = Dispatcher(test, hosts);

        await GrainTurns.RunAsync(async () =>
        {
            for (var i = 0; i < urls.Count; i++)
            {
                dispatcher.Add($"h{i % 2}.test", i);
            }

            dispatcher.Request();
            await GrainTurns.IdleAsync(dispatcher);
        });

        Assert.True(hosts.Shares.Values.Sum() <= 3, $"shares {string.Join(", ", hosts.Shares)}");
        Assert.All(hosts.Shares.Values, share => Assert.InRange(share, 1, 2));
        var sent = hosts.Sent.Count;
        Assert.InRange(sent, 1, 12);

        await GrainTurns.RunAsync(async () =>
        {
            foreach (var index in hosts.Sent.ToList())
            {
                Assert.True(dispatcher.Complete(index));
                test.Run.Progress.Add(Result(index));
            }

            dispatcher.Request();
            await GrainTurns.IdleAsync(dispatcher);
        });

        Assert.True(hosts.Sent.Count > sent, "more was sent once results came");
        Assert.Equal(hosts.Sent.Count, hosts.Sent.Distinct().Count());
        Assert.All(hosts.Work, work => Assert.Equal((test.Id, BatchKind.Check), (work.BatchId, work.Kind)));
    }

    [Fact]
    public async Task Urls_held_by_a_host_that_was_lost_with_its_silo_are_sent_again()
    {
        await using var test = await TestRun.StartAsync(store, ["http://lost.test/0", "http://lost.test/1"]);
        var hosts = new Hosts();
        var dispatcher = Dispatcher(test, hosts);
        await GrainTurns.RunAsync(async () =>
        {
            dispatcher.Add("lost.test", 0);
            dispatcher.Add("lost.test", 1);
            dispatcher.Request();
            await GrainTurns.IdleAsync(dispatcher);
        });
        Assert.Equal([0, 1], hosts.Sent.Order());

        hosts.Restart("lost.test"); // a new activation, on another silo, that holds nothing
        await GrainTurns.RunAsync(async () =>
        {
            await dispatcher.WatchAsync();
            await GrainTurns.IdleAsync(dispatcher);
        });

        Assert.Equal([0, 0, 1, 1], hosts.Sent.Order());
        Assert.Equal(2, dispatcher.Outstanding);
    }

    [Fact]
    public async Task A_host_that_asks_for_a_pause_gets_nothing_until_it_ends_and_its_urls_keep_their_attempts()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var test = await TestRun.StartAsync(store, ["http://paused.test/0", "http://paused.test/1"], time: time);
        var hosts = new Hosts();
        var timers = new List<(TimeSpan Due, Action Callback)>();
        var dispatcher = Dispatcher(test, hosts, timers);
        await GrainTurns.RunAsync(async () =>
        {
            dispatcher.Add("paused.test", 0);
            dispatcher.Add("paused.test", 1);
            dispatcher.Request();
            await GrainTurns.IdleAsync(dispatcher);
        });
        var handedBack = hosts.Work.SelectMany(w => w.Items).Select(i => i with { Attempts = 1, Throttled = 1 }).ToList();
        hosts.Work.Clear();

        await GrainTurns.RunAsync(async () =>
        {
            dispatcher.Defer("paused.test", handedBack, time.GetUtcNow().AddSeconds(30));
            await GrainTurns.IdleAsync(dispatcher);
        });

        Assert.Empty(hosts.Work.SelectMany(w => w.Items));
        var (due, resume) = Assert.Single(timers);
        Assert.Equal(TimeSpan.FromSeconds(30), due);

        time.Advance(TimeSpan.FromSeconds(30));
        await GrainTurns.RunAsync(async () =>
        {
            resume();
            await GrainTurns.IdleAsync(dispatcher);
        });

        var again = hosts.Work.SelectMany(w => w.Items).OrderBy(i => i.Index).ToList();
        Assert.Equal([(0, 1, 1), (1, 1, 1)], again.Select(i => (i.Index, i.Attempts, i.Throttled)));
    }

    [Fact]
    public async Task A_url_asked_to_wait_goes_again_once_its_wait_is_over_and_its_host_keeps_its_other_urls()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var test = await TestRun.StartAsync(store, ["http://wait.test/0", "http://wait.test/1", "http://slow.test/2"], time: time);
        var hosts = new Hosts();
        var timers = new List<(TimeSpan Due, Action Callback)>();
        var dispatcher = Dispatcher(test, hosts, timers);
        await GrainTurns.RunAsync(async () =>
        {
            dispatcher.Add("wait.test", 0);
            dispatcher.Add("wait.test", 1);
            dispatcher.Request();
            await GrainTurns.IdleAsync(dispatcher);
        });
        var asked = hosts.Work.SelectMany(w => w.Items).Single(i => i.Index == 0) with { Attempts = 1, Throttled = 1 };
        hosts.Work.Clear();

        await GrainTurns.RunAsync(async () =>
        {
            dispatcher.RetryLater([asked], time.GetUtcNow().AddSeconds(1));
            await GrainTurns.IdleAsync(dispatcher);
        });
        Assert.Equal((1, 1), (dispatcher.Outstanding, dispatcher.Pending)); // URL 1 stays with its host; URL 0 waits here
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.Single(timers).Due);

        // The wait ends while a sending to another host is under way: the resume waits for that sending to plan again,
        // instead of setting a timer that fires at once, again and again, on the batch's turns.
        var gate = hosts.Hold("slow.test");
        await GrainTurns.RunAsync(() =>
        {
            dispatcher.Add("slow.test", 2);
            dispatcher.Request();
            return Task.CompletedTask;
        });
        time.Advance(TimeSpan.FromSeconds(1));
        await GrainTurns.RunAsync(() =>
        {
            timers[0].Callback();
            return Task.CompletedTask;
        });
        Assert.Single(timers);

        gate.SetResult();
        await GrainTurns.RunAsync(() => GrainTurns.IdleAsync(dispatcher));
        var again = hosts.Work.Where(w => w.Items.Any(i => i.Index == 0)).SelectMany(w => w.Items).Single();
        Assert.Equal((0, 1, 1), (again.Index, again.Attempts, again.Throttled));
        Assert.Single(timers);
    }

    [Fact]
    public async Task Urls_recorded_meanwhile_are_not_sent()
    {
        await using var test = await TestRun.StartAsync(store, ["http://raced.test/0", "http://raced.test/1"]);
        var hosts = new Hosts();
        var dispatcher = Dispatcher(test, hosts);

        await GrainTurns.RunAsync(async () =>
        {
            dispatcher.Add("raced.test", 0);
            dispatcher.Add("raced.test", 1);
            test.Run.Progress.Add(Result(0)); // a report that raced triage
            dispatcher.Request();
            await GrainTurns.IdleAsync(dispatcher);
        });

        Assert.Equal([1], hosts.Sent);
    }

    private static HostDispatcher Dispatcher(TestRun test, Hosts hosts, List<(TimeSpan, Action)>? timers = null) =>
        new(test.Run, null, hosts.Get, (due, callback) =>
        {
            timers?.Add((due, callback));
            return new Timer(_ => { });
        }, NullLogger.Instance);

    private static UrlResult Result(int index) =>
        new() { Index = index, Url = $"http://x.test/{index}", Outcome = "ok", QueuedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch };

    /// <summary>Host grains that only record what a batch sends them; each answers with its incarnation.</summary>
    private sealed class Hosts
    {
        private readonly Dictionary<string, Host> _hosts = [];

        public List<int> Sent { get; } = [];

        public List<HostWork> Work { get; } = [];

        public Dictionary<string, int> Shares { get; } = [];

        public IHostGrain Get(string name) => _hosts.TryGetValue(name, out var host) ? host : _hosts[name] = new Host(this, name);

        public void Restart(string name) => _hosts[name] = new Host(this, name);

        /// <summary>Holds every sending to <paramref name="name"/> until the returned source is set.</summary>
        public TaskCompletionSource Hold(string name) => Gates[name] = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private Dictionary<string, TaskCompletionSource> Gates { get; } = [];

        private sealed class Host(Hosts hosts, string name) : IHostGrain
        {
            private readonly Guid _incarnation = Guid.NewGuid();

            public async Task<Guid> EnqueueAsync(HostWork work)
            {
                if (hosts.Gates.TryGetValue(name, out var gate))
                {
                    await gate.Task;
                }

                hosts.Work.Add(work);
                hosts.Sent.AddRange(work.Items.Select(i => i.Index));
                hosts.Shares[name] = work.Share;
                return _incarnation;
            }

            public Task<Guid> GetIncarnationAsync() => Task.FromResult(_incarnation);

            public Task CancelBatchAsync(string batchId) => Task.CompletedTask;
        }
    }
}
