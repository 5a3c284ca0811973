using Crawler.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Crawler.Grains.Retention;

/// <summary>
/// When each ended job expires: a sorted set in the store, scored by expiry time, which the retention sweep reads in
/// order. A job is added when it ends and removed once it is purged.
/// </summary>
public sealed class JobRetention(
    [FromKeyedServices(CrawlerCluster.Store)] IConnectionMultiplexer redis,
    IOptions<ClusterOptions> cluster)
{
    private IDatabase Db => redis.GetDatabase();

    private RedisKey Index => $"job-expiry:{cluster.Value.ServiceId}";

    public Task ScheduleAsync(JobKey job, DateTimeOffset expiresAt) =>
        Db.SortedSetAddAsync(Index, job.ToString(), expiresAt.ToUnixTimeMilliseconds());

    /// <summary>Up to <paramref name="max"/> jobs whose time is up at <paramref name="now"/>, the longest expired first.</summary>
    public async Task<IReadOnlyList<JobKey>> DueAsync(DateTimeOffset now, int max) =>
        [.. (await Db.SortedSetRangeByScoreAsync(Index, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: max))
            .Select(v => JobKey.Parse(v.ToString())).OfType<JobKey>()];

    public Task ForgetAsync(JobKey job) => Db.SortedSetRemoveAsync(Index, job.ToString());
}
