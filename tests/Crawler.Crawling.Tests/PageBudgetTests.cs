namespace Crawler.Crawling.Tests;

public sealed class PageBudgetTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pages_wait_their_turn_when_the_budget_is_spent_and_go_when_it_is_given_back()
    {
        var budget = new PageBudget(100);
        var first = await budget.ReserveAsync(60, Cancellation);

        var second = budget.ReserveAsync(60, Cancellation).AsTask();
        var third = budget.ReserveAsync(10, Cancellation).AsTask(); // fits, but waits behind the second: first come, first served

        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);
        first.Dispose();
        using var granted = await second;
        using var after = await third;
        Assert.Equal(70, budget.InUse);
    }

    [Fact]
    public async Task A_page_that_gives_up_waiting_lets_those_behind_it_go()
    {
        var budget = new PageBudget(100);
        using var held = await budget.ReserveAsync(50, Cancellation);
        using var giveUp = new CancellationTokenSource();

        var big = budget.ReserveAsync(80, giveUp.Token).AsTask();
        var small = budget.ReserveAsync(40, Cancellation).AsTask();
        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => big);
        using var went = await small;
        Assert.Equal(90, budget.InUse);
    }

    [Fact]
    public async Task A_page_larger_than_the_budget_takes_the_whole_budget_rather_than_waiting_forever()
    {
        var budget = new PageBudget(100);

        using (var whole = await budget.ReserveAsync(1_000, Cancellation))
        {
            Assert.Equal(100, budget.InUse);
        }

        Assert.Equal(0, budget.InUse);
    }
}
