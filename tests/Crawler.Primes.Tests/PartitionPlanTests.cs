namespace Crawler.Primes.Tests;

public sealed class PartitionPlanTests
{
    [Fact]
    public void A_wide_range_gets_four_partitions_a_core_covering_it_exactly()
    {
        var plan = PartitionPlan.ForRange(0, 10_000_000_000, cores: 4, partitions: null, maxPartitions: 10_000);

        Assert.Equal(16, plan.Count);
        Assert.Equal((0UL, 10_000_000_000UL), (plan[0].From, plan[^1].To));
        Assert.All(plan.Zip(plan.Skip(1)), pair => Assert.Equal(pair.First.To, pair.Second.From));
    }

    [Fact]
    public void A_very_wide_range_is_cut_so_that_no_partition_is_much_over_a_second_of_a_core()
    {
        var plan = PartitionPlan.ForRange(0, 100_000_000_000, cores: 2, partitions: null, maxPartitions: 10_000);

        Assert.Equal(50, plan.Count); // 1e11 / 2e9, more than 2 cores × 4
    }

    [Fact]
    public void A_narrow_range_is_not_cut_below_the_least_width_but_partitions_asked_for_are_made()
    {
        Assert.Equal([(0UL, 1_500_000UL)], PartitionPlan.ForRange(0, 1_500_000, cores: 8, partitions: null, maxPartitions: 10_000));
        Assert.Equal(10, PartitionPlan.ForRange(0, 1_500_000, cores: 8, partitions: 10, maxPartitions: 10_000).Count);
        Assert.Single(PartitionPlan.ForRange(0, 5, cores: 8, partitions: 10, maxPartitions: 10_000)); // no part narrower than a sieve word (240)
        Assert.Equal(10, PartitionPlan.ForRange(0, 2_400, cores: 8, partitions: 50, maxPartitions: 10_000).Count);
    }

    [Fact]
    public void Numbers_to_test_are_split_evenly_in_order()
    {
        var plan = PartitionPlan.ForNumbers(10_000, cores: 2, partitions: null);

        Assert.Equal([(0UL, 3_333UL), (3_333UL, 6_666UL), (6_666UL, 10_000UL)], plan); // ceil(10000 / 4096) = 3
        Assert.Equal([(0UL, 1UL), (1UL, 2UL)], PartitionPlan.ForNumbers(2, cores: 2, partitions: 5));
    }
}
