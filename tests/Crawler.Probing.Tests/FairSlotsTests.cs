using Crawler.Probing.Scheduling;

namespace Crawler.Probing.Tests;

/// <summary>Slots shared between jobs: a freed slot goes to the waiting job holding the fewest.</summary>
public sealed class FairSlotsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_small_job_gets_the_next_slot_however_much_a_big_one_has_queued()
    {
        var slots = new FairSlots(2);
        await slots.WaitAsync("big", Cancel);
        await slots.WaitAsync("big", Cancel);
        var bigQueue = Enumerable.Range(0, 100).Select(_ => slots.WaitAsync("big", Cancel)).ToList();
        var small = slots.WaitAsync("small", Cancel);

        slots.Release("big");

        Assert.True(small.IsCompletedSuccessfully);
        Assert.All(bigQueue, t => Assert.False(t.IsCompleted));
        Assert.Equal((1, 1), (slots.HeldBy("big"), slots.HeldBy("small")));
        await small;
    }

    [Fact]
    public async Task A_job_that_just_arrived_goes_before_one_that_has_run_for_long_though_both_hold_none()
    {
        // One slot, as a silo with one sieve worker: the long job has had many turns, the short one none.
        var slots = new FairSlots(1);
        await slots.WaitAsync("long", Cancel);
        var longQueue = Enumerable.Range(0, 8).Select(_ => slots.WaitAsync("long", Cancel)).ToList();
        for (var i = 0; i < 5; i++)
        {
            slots.Release("long"); // its next piece runs
        }

        longQueue = longQueue[5..];
        var short1 = slots.WaitAsync("short", Cancel);
        var short2 = slots.WaitAsync("short", Cancel);

        slots.Release("long");
        Assert.True(short1.IsCompletedSuccessfully);
        slots.Release("short");
        Assert.True(short2.IsCompletedSuccessfully); // again the short one: it has had one turn, the long one six
        Assert.All(longQueue, t => Assert.False(t.IsCompleted));
        slots.Release("short");
        Assert.True(longQueue[0].IsCompletedSuccessfully);
        await Task.WhenAll(short1, short2, longQueue[0]);
    }

    [Fact]
    public async Task Among_jobs_holding_as_many_the_one_waiting_longest_goes_first_and_a_job_s_own_items_keep_their_order()
    {
        var slots = new FairSlots(1);
        await slots.WaitAsync("a", Cancel);
        var b1 = slots.WaitAsync("b", Cancel);
        var c1 = slots.WaitAsync("c", Cancel);
        var b2 = slots.WaitAsync("b", Cancel);

        slots.Release("a");
        Assert.Equal((true, false, false), (b1.IsCompleted, c1.IsCompleted, b2.IsCompleted));
        slots.Release("b");
        Assert.Equal((true, false), (c1.IsCompleted, b2.IsCompleted));
        slots.Release("c");
        Assert.True(b2.IsCompleted);
        await Task.WhenAll(b1, c1, b2);
    }

    [Fact]
    public async Task A_jobs_waiters_that_name_an_order_go_lowest_first_and_before_those_that_name_none()
    {
        // A silo's sieve worker and the pieces of three partitions of one job: partition 0's next piece came in last.
        var slots = new FairSlots(1);
        await slots.WaitAsync("job", 0, Cancel);
        var unordered = slots.WaitAsync("job", Cancel);
        var third = slots.WaitAsync("job", 2, Cancel);
        var second = slots.WaitAsync("job", 1, Cancel);
        var first = slots.WaitAsync("job", 0, Cancel);
        var alsoSecond = slots.WaitAsync("job", 1, Cancel);
        var order = new[] { first, second, alsoSecond, third, unordered };

        for (var granted = 0; granted < order.Length; granted++)
        {
            slots.Release("job");
            Assert.Equal(
                order.Select((_, i) => i <= granted).ToArray(),
                order.Select(t => t.IsCompletedSuccessfully).ToArray());
        }

        await Task.WhenAll(order);
    }

    [Fact]
    public async Task A_cancelled_wait_gives_up_its_place_and_the_slots_add_up()
    {
        var slots = new FairSlots(1);
        await slots.WaitAsync("a", Cancel);
        using var cancel = new CancellationTokenSource();
        var abandoned = slots.WaitAsync("b", cancel.Token);
        var kept = slots.WaitAsync("c", Cancel);

        await cancel.CancelAsync();
        slots.Release("a");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.True(kept.IsCompletedSuccessfully);
        slots.Release("c");
        Assert.Equal(0, slots.InUse);
        Assert.True(slots.WaitAsync("d", Cancel).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Under_contention_every_wait_is_granted_once_and_no_more_than_the_capacity_run_at_once()
    {
        var slots = new FairSlots(3);
        var running = 0;
        var most = 0;
        await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(async () =>
        {
            var key = $"job{i % 7}";
            await slots.WaitAsync(key, TestContext.Current.CancellationToken);
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Yield();
            Interlocked.Decrement(ref running);
            slots.Release(key);
        }, TestContext.Current.CancellationToken)));

        Assert.InRange(most, 1, 3);
        Assert.Equal(0, slots.InUse);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
