using Crawler.Probing.Scheduling;

namespace Crawler.Probing.Tests;

public sealed class DispatchPlannerTests
{
    [Fact]
    public void Respects_the_per_host_window_and_the_batch_limit()
    {
        var planner = new DispatchPlanner(maxOutstanding: 5, perHostWindow: 2);
        for (var i = 0; i < 10; i++)
        {
            planner.Add(i < 6 ? "a" : "b", i);
        }

        var plan = planner.Plan();

        Assert.Equal(4, planner.Outstanding); // two hosts, two each: the window binds before the limit
        Assert.All(plan, share => Assert.Equal(2, share.Indices.Count));
        Assert.Equal(6, planner.Pending);
        Assert.Empty(planner.Plan());
    }

    [Fact]
    public void Shares_the_batch_limit_round_robin_so_a_big_host_cannot_starve_the_rest()
    {
        var planner = new DispatchPlanner(maxOutstanding: 4, perHostWindow: 100);
        for (var i = 0; i < 100; i++)
        {
            planner.Add("big", i);
        }

        planner.Add("small", 100);
        planner.Add("small", 101);

        var plan = planner.Plan().ToDictionary(s => s.Host, s => s.Indices);

        Assert.Equal(4, planner.Outstanding);
        Assert.Equal([100, 101], plan["small"]);
        Assert.Equal([0, 1], plan["big"]);
    }

    [Fact]
    public void Completing_frees_capacity_and_late_duplicates_are_recognised()
    {
        var planner = new DispatchPlanner(maxOutstanding: 1, perHostWindow: 1);
        planner.Add("a", 0);
        planner.Add("a", 1);
        Assert.Equal([0], planner.Plan().Single().Indices);

        Assert.True(planner.Complete(0));
        Assert.False(planner.Complete(0));
        Assert.Equal([1], planner.Plan().Single().Indices);
    }

    [Fact]
    public void Returned_work_goes_back_to_the_front_of_its_host_queue()
    {
        var planner = new DispatchPlanner(maxOutstanding: 10, perHostWindow: 2);
        foreach (var i in new[] { 0, 1, 2, 3 })
        {
            planner.Add("a", i);
        }

        planner.Plan();
        Assert.Equal(["a"], planner.HostsWithOutstanding);

        Assert.Equal(2, planner.ReturnAll("a"));
        Assert.Empty(planner.HostsWithOutstanding);
        Assert.Equal(4, planner.Pending);
        Assert.Equal([0, 1], planner.Plan().Single().Indices);
        Assert.Equal(0, planner.Return([5, 6]));
    }
}
