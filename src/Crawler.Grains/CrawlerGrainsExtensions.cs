using Crawler.Grains.Checks;
using Crawler.Grains.Hosts;
using Crawler.Grains.Placement;
using Crawler.Grains.Primes;
using Crawler.Probing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orleans.Hosting;

public static class CrawlerGrainsExtensions
{
    /// <summary>
    /// Everything the grains need on a silo besides the store's providers (which come from configuration):
    /// the placement that spreads hosts and partitions, the prober, the silo's probe slots and its sieve workers.
    /// </summary>
    public static ISiloBuilder AddCrawlerGrains(this ISiloBuilder silo)
    {
        silo.AddPlacementDirector<SpreadPlacement, SpreadPlacementDirector>();
        var services = silo.Services;
        services.AddOptions<Crawler.Grains.ProbingOptions>()
            .BindConfiguration(Crawler.Grains.ProbingOptions.Section)
            .Validate(o => o.MaxInFlightPerSilo is >= 1 and <= 100_000, "Probing:MaxInFlightPerSilo must be between 1 and 100000.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IHostResolver>(SystemHostResolver.Instance);
        services.TryAddSingleton(sp => new UrlProber(sp.GetRequiredService<IHostResolver>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<SiloProbeSlots>();
        services.TryAddSingleton<CheckBatchStore>();
        services.AddOptions<PrimesOptions>()
            .BindConfiguration(PrimesOptions.Section)
            .Validate(o => o.MaxParallelism is >= 1 and <= 1_024, "Primes:MaxParallelism must be between 1 and 1024.")
            .ValidateOnStart();
        services.TryAddSingleton<SieveWorkers>();
        return silo;
    }
}
