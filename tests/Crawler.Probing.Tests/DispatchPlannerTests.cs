using Crawler.Probing.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace Crawler.Probing.Tests;

public sealed class DispatchPlannerTests
{
    private readonly FakeTimeProvider _time = new();

    private DispatchPlanner With(int maxConcurrency, int perHost, params (string Host, int Count)[] work)
    {
        var planner = new DispatchPlanner(maxConcurrency, perHost, _time);
        var index = 0;
        foreach (var (host, count) in work)
        {
            for (var i = 0; i < count; i++)
            {
                planner.Add(host, index++);
            }
        }

        return planner;
    }

    [Fact]
    public void Each_host_gets_its_share_and_three_times_that_in_urls()
    {
        var planner = With(64, 4, ("a", 20), ("b", 20));

        var plan = planner.Plan();

        Assert.All(plan, a => Assert.Equal((4, 12), (a.Share, a.Indices.Count)));
        Assert.Equal(8, planner.SharesInUse);
        Assert.Equal(24, planner.Outstanding);
    }

    [Fact]
    public void A_host_with_its_own_limit_gets_that_share_and_the_others_the_batchs()
    {
        var planner = new DispatchPlanner(64, 4, _time, hostLimit: host => host == "slow" ? 1 : host == "fast" ? 16 : 4);
        var index = 0;
        foreach (var host in new[] { "slow", "fast", "other" })
        {
            for (var i = 0; i < 60; i++)
            {
                planner.Add(host, index++);
            }
        }

        var shares = planner.Plan().ToDictionary(a => a.Host, a => a.Share);

        Assert.Equal(new Dictionary<string, int> { ["slow"] = 1, ["fast"] = 16, ["other"] = 4 }, shares);
    }

    [Fact]
    public void A_host_is_topped_up_a_share_at_a_time()
    {
        var planner = With(64, 4, ("a", 40));
        var first = planner.Plan().Single().Indices;

        foreach (var index in first.Take(3))
        {
            planner.Complete(index);
        }

        Assert.Empty(planner.Plan());
        planner.Complete(first[3]);
        Assert.Equal(4, planner.Plan().Single().Indices.Count);
    }

    [Fact]
    public void Shares_never_add_up_to_more_than_the_batch_limit()
    {
        var planner = With(5, 4, ("a", 10), ("b", 10), ("c", 10), ("d", 10), ("e", 10), ("f", 10), ("g", 10));

        var plan = planner.Plan();

        Assert.Equal(5, plan.Sum(a => a.Share));
        Assert.All(plan, a => Assert.Equal(1, a.Share));
        Assert.Equal(5, planner.SharesInUse);
    }

    [Fact]
    public void A_share_passes_to_a_waiting_host_only_once_its_holder_is_done()
    {
        var planner = With(1, 4, ("a", 1), ("b", 1));
        var first = planner.Plan().Single();
        Assert.Empty(planner.Plan());

        planner.Complete(first.Indices.Single());
        var second = planner.Plan().Single();

        Assert.NotEqual(first.Host, second.Host);
        Assert.Equal(1, planner.SharesInUse);
    }

    [Fact]
    public void Shares_grow_when_fewer_hosts_have_work()
    {
        var planner = With(8, 8, ("a", 2), ("b", 40));
        var plan = planner.Plan().ToDictionary(a => a.Host);
        Assert.Equal((4, 4), (plan["a"].Share, plan["b"].Share));

        foreach (var index in plan["a"].Indices)
        {
            planner.Complete(index);
        }

        var grown = planner.Plan().Single();
        Assert.Equal(("b", 8), (grown.Host, grown.Share));
        Assert.Equal(8, planner.SharesInUse);
    }

    [Fact]
    public void Completing_frees_room_and_late_duplicates_are_recognised()
    {
        var planner = With(1, 1, ("a", 4));
        Assert.Equal([0, 1, 2], planner.Plan().Single().Indices);

        Assert.True(planner.Complete(0));
        Assert.False(planner.Complete(0));
        Assert.Equal([3], planner.Plan().Single().Indices);
    }

    [Fact]
    public void Returned_work_goes_back_to_the_front_and_the_share_is_told_again()
    {
        var planner = With(10, 1, ("a", 4));
        planner.Plan();
        Assert.Equal(["a"], planner.HostsWithOutstanding);

        Assert.Equal(3, planner.ReturnAll("a"));
        Assert.Empty(planner.HostsWithOutstanding);
        Assert.Equal(4, planner.Pending);

        var again = planner.Plan().Single();
        Assert.Equal([0, 1, 2], again.Indices);
        Assert.Equal(1, again.Share);
        Assert.Equal(0, planner.Return([5, 6]));
    }

    [Fact]
    public void A_paused_host_gets_nothing_and_gives_its_share_to_others_until_the_pause_ends()
    {
        var planner = With(4, 4, ("a", 20), ("b", 10));
        var first = planner.Plan().ToDictionary(a => a.Host);
        Assert.Equal((2, 2), (first["a"].Share, first["b"].Share));

        // a asks for a pause: its queued URLs come back, and its share goes to b.
        planner.Pause("a", _time.GetUtcNow().AddSeconds(30));
        planner.Return(first["a"].Indices);
        var during = planner.Plan().Single();
        Assert.Equal(("b", 4), (during.Host, during.Share));
        Assert.Equal(_time.GetUtcNow().AddSeconds(30), planner.NextResume);

        foreach (var index in first["b"].Indices.Concat(during.Indices))
        {
            planner.Complete(index);
        }

        _time.Advance(TimeSpan.FromSeconds(31));
        var after = planner.Plan().Single();
        Assert.Equal(("a", 4), (after.Host, after.Share));
        Assert.Null(planner.NextResume);
    }

    [Fact]
    public void A_parked_url_holds_no_share_while_it_waits_and_then_goes_first()
    {
        var planner = With(2, 2, ("a", 6));
        var first = planner.Plan().Single();
        Assert.Equal(2, first.Share);
        Assert.Equal([0, 1, 2, 3, 4, 5], first.Indices);

        // URL 0 was asked to wait 2 s: it is no longer outstanding, but still pending.
        planner.Park([0], _time.GetUtcNow().AddSeconds(2));
        Assert.Equal((5, 1), (planner.Outstanding, planner.Pending));
        Assert.Equal(_time.GetUtcNow().AddSeconds(2), planner.NextResume);
        Assert.Empty(planner.Plan()); // not yet due, and the host has its URLs

        foreach (var index in new[] { 1, 2, 3, 4, 5 })
        {
            planner.Complete(index);
        }

        planner.Add("a", 6);
        Assert.Equal([6], planner.Plan().Single().Indices); // what is due goes; the parked URL waits
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([0], planner.Plan().Single().Indices);
        Assert.Equal((0, null), (planner.Pending, planner.NextResume));
    }

    [Fact]
    public void A_host_whose_only_urls_wait_gives_its_share_to_others()
    {
        var planner = With(4, 4, ("a", 2), ("b", 10));
        var first = planner.Plan().ToDictionary(a => a.Host);
        Assert.Equal((2, 2), (first["a"].Share, first["b"].Share));

        planner.Park(first["a"].Indices, _time.GetUtcNow().AddSeconds(1));
        foreach (var index in first["b"].Indices)
        {
            planner.Complete(index);
        }

        var during = planner.Plan().Single();
        Assert.Equal(("b", 4), (during.Host, during.Share));
    }

    [Fact]
    public void A_host_above_the_even_share_is_cut_back_when_another_waits_and_the_cut_frees_only_once_drained()
    {
        var planner = With(4, 4, ("a", 40), ("b", 1));
        var first = planner.Plan().ToDictionary(p => p.Host);
        Assert.Equal((2, 2), (first["a"].Share, first["b"].Share));

        // b finishes: a grows to the whole budget.
        planner.Complete(first["b"].Indices.Single());
        foreach (var index in first["a"].Indices.Take(2))
        {
            planner.Complete(index);
        }

        var grown = planner.Plan().Single();
        Assert.Equal(("a", 4), (grown.Host, grown.Share));

        // c arrives: a is cut to 2, but c gets nothing until a's outstanding URLs fit its new share.
        planner.Add("c", 100);
        var cut = planner.Plan();
        Assert.Equal(("a", 2), (cut.Single().Host, cut.Single().Share));
        Assert.Equal(4, planner.SharesInUse);

        foreach (var index in first["a"].Indices.Skip(2).Concat(grown.Indices).SkipLast(2))
        {
            planner.Complete(index);
        }

        var shared = planner.Plan().ToDictionary(p => p.Host);
        Assert.Equal(2, shared["c"].Share);
        Assert.Equal(4, planner.SharesInUse);
    }
}

