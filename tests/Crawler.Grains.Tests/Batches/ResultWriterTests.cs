using System.Diagnostics;
using Crawler.Contracts.Batches;
using Crawler.Grains.Batches;
using Crawler.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crawler.Grains.Tests.Batches;

/// <summary>The batch's writer on the real store, without a cluster: exactly once, group commits, copies, the fence.</summary>
public sealed class ResultWriterTests(StoreFixture store)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_url_is_recorded_once_however_often_its_result_arrives()
    {
        await using var test = await TestRun.StartAsync(store, ["http://a.test/0", "http://a.test/1", "http://a.test/2"]);
        var (writer, events) = Writer(test);

        await GrainTurns.RunAsync(async () =>
        {
            await writer.WriteAsync([Result(0, "ok"), Result(1, "http_error")]);
            await writer.WriteAsync([Result(1, "ok"), Result(0, "timeout"), Result(7, "ok")]); // again, and out of range
        });

        var stored = await test.StoredAsync();
        Assert.Equal([(0, "ok"), (1, "http_error")], stored.Select(r => (r.Index, r.Outcome)));
        Assert.Equal((2, 1), (test.Run.Progress.Done, test.Run.Progress.Ok));
        Assert.Equal(1, test.Run.Progress.Failed["http_error"]);
        Assert.True(events.Progressed >= 1);
        Assert.True(events.Drained >= 1);
        Assert.Equal([0, 1], events.Recorded.Order()); // what downloads count is told of each result once
    }

    [Fact]
    public async Task Results_that_arrive_while_a_write_is_under_way_are_recorded_together()
    {
        var urls = Enumerable.Range(0, 50).Select(i => $"http://group.test/{i}").ToList();
        await using var test = await TestRun.StartAsync(store, urls);
        var (writer, _) = Writer(test);
        var writes = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == BatchTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.DisplayName == "record" && (string?)activity.GetTagItem("crawler.batch") == test.Id)
                {
                    Interlocked.Increment(ref writes);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        // As host reports do: fifty arrive in one turn, each waiting for its own results to be durable.
        await GrainTurns.RunAsync(() => Task.WhenAll(Enumerable.Range(0, 50).Select(i => writer.WriteAsync([Result(i, "ok")]))));

        Assert.Equal(50, (await test.StoredAsync()).Count);
        Assert.Equal(2, writes); // the first alone (the store was idle), the other 49 in the next transaction
    }

    [Fact]
    public async Task A_copy_gets_the_result_of_the_url_it_repeats_when_that_is_recorded()
    {
        string[] urls = ["http://dup.test/a", "http://other.test/b", "http://DUP.test/a"];
        await using var test = await TestRun.StartAsync(store, urls);
        var triage = new BatchTriage(test.Run);
        var (writer, _) = Writer(test, triage);

        await GrainTurns.RunAsync(async () =>
        {
            await foreach (var _ in triage.BlocksAsync(Cancellation))
            {
            }

            await writer.WriteAsync([Result(0, "ok")]);
        });

        var stored = await test.StoredAsync();
        Assert.Equal([(0, null), (2, (int?)0)], stored.Select(r => (r.Index, r.DuplicateOf)));
        Assert.Equal(urls[2], stored[1].Url);
    }

    [Fact]
    public async Task A_newer_claim_fences_the_writer_off_and_nothing_is_recorded()
    {
        await using var test = await TestRun.StartAsync(store, ["http://fenced.test/0"]);
        var (writer, _) = Writer(test);
        await test.Store.ClaimAsync(test.Id); // another activation of the batch

        await Assert.ThrowsAsync<StaleBatchException>(() => GrainTurns.RunAsync(() => writer.WriteAsync([Result(0, "ok")])));

        Assert.True(test.WentStale);
        Assert.Empty(await test.StoredAsync());
        Assert.Equal(0, test.Run.Progress.Done);
    }

    [Fact]
    public async Task Cancelling_records_every_url_still_without_a_result_as_cancelled()
    {
        await using var test = await TestRun.StartAsync(store, ["http://c.test/0", "http://c.test/1", "http://c.test/2"]);
        var (writer, _) = Writer(test);

        await GrainTurns.RunAsync(async () =>
        {
            await writer.WriteAsync([Result(1, "ok")]);
            await writer.CancelRemainingAsync("stopped by a limit: maxDownloadBytes");
        });

        var stored = await test.StoredAsync();
        Assert.Equal([(0, "cancelled"), (1, "ok"), (2, "cancelled")], stored.Select(r => (r.Index, r.Outcome)).Order());
        Assert.All(stored.Where(r => r.Outcome == "cancelled"), r => Assert.Equal("stopped by a limit: maxDownloadBytes", r.Error));
        Assert.Equal(2, test.Run.Progress.Skipped["cancelled"]);
    }

    [Fact]
    public async Task Results_whose_write_fails_stay_queued_and_are_written_once_the_store_answers_again()
    {
        await using var proxy = new StoreProxy(store.ConnectionString);
        await using var test = await TestRun.StartAsync(store, ["http://down.test/0", "http://down.test/1"], connectionString: proxy.Rewrite(store.ConnectionString));
        var (writer, _) = Writer(test);
        proxy.Cut();

        // Results triage makes (an excluded URL, a copy) have no reporter that would send them again.
        var failed = GrainTurns.RunAsync(() => writer.WriteAsync([Result(0, "excluded"), Result(1, "ok")]));
        await Assert.ThrowsAnyAsync<Exception>(() => failed);
        proxy.Mend();

        // The store has them a moment before the writer, on the batch's turns, counts them: wait for both.
        await Until(async () => (await test.StoredAsync()).Count == 2 && test.Run.Progress.Done == 2, "the queued results are written and counted");
        Assert.Equal((2, 1), (test.Run.Progress.Done, test.Run.Progress.Ok));
        Assert.Equal(new Dictionary<string, int> { ["ok"] = 1, ["excluded"] = 1 }, await test.Direct.ReadCountsAsync(test.Id));
    }

    [Fact]
    public async Task A_write_whose_answer_was_lost_is_not_applied_twice()
    {
        await using var proxy = new StoreProxy(store.ConnectionString);
        await using var test = await TestRun.StartAsync(store, ["http://lost.test/0", "http://lost.test/1", "http://lost.test/2"], connectionString: proxy.Rewrite(store.ConnectionString));
        var (writer, events) = Writer(test);
        proxy.LoseAnswersFrom("EXEC");

        // The store carries the write out; the writer hears nothing, times out, and sends it again when the store answers.
        var lost = GrainTurns.RunAsync(() => writer.WriteAsync([Result(0, "ok"), Result(1, "timeout")]));
        await Assert.ThrowsAnyAsync<Exception>(() => lost);
        await Until(async () => (await test.Direct.ReadCountsAsync(test.Id)).Count > 0, "the lost write is in the store");
        proxy.Cut();
        proxy.Mend();
        await Until(() => Task.FromResult(test.Run.Progress.Done == 2), "the writer knows the write was applied");
        await GrainTurns.RunAsync(() => writer.WriteAsync([Result(2, "ok")]));

        Assert.Equal([(0, "ok"), (1, "timeout"), (2, "ok")], (await test.StoredAsync()).Select(r => (r.Index, r.Outcome)));
        Assert.Equal(new Dictionary<string, int> { ["ok"] = 2, ["timeout"] = 1 }, await test.Direct.ReadCountsAsync(test.Id));
        Assert.Equal((3, 2), (test.Run.Progress.Done, test.Run.Progress.Ok));
        Assert.Equal([0, 1, 2], events.Recorded.Order());
    }

    /// <summary>Waits for <paramref name="condition"/>, a minute at most (the store client reconnects with back-off).</summary>
    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited a minute for this: {what}");
            await Task.Delay(100, Cancellation);
        }
    }

    private static (ResultWriter Writer, Events Events) Writer(TestRun test, BatchTriage? triage = null)
    {
        var events = new Events();
        var dispatcher = new HostDispatcher(test.Run, null, host => throw new InvalidOperationException($"nothing is sent to {host} here"), (_, _) => new Nothing(), NullLogger.Instance);
        var writer = new ResultWriter(
            test.Run,
            triage ?? new BatchTriage(test.Run),
            dispatcher,
            null,
            () => events.Progressed++,
            recorded =>
            {
                events.Recorded.AddRange(recorded.Select(r => r.Index));
                return Task.CompletedTask;
            },
            () =>
            {
                events.Drained++;
                return Task.CompletedTask;
            },
            () => events.Abandoned++,
            NullLogger.Instance);
        return (writer, events);
    }

    private static UrlResult Result(int index, string outcome) =>
        new() { Index = index, Url = $"http://a.test/{index}", Outcome = outcome, QueuedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch };

    private sealed class Events
    {
        public int Progressed { get; set; }

        public int Drained { get; set; }

        public int Abandoned { get; set; }

        public List<int> Recorded { get; } = [];
    }

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
