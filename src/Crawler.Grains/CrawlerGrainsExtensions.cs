using Crawler.Contracts;
using Crawler.Downloads;
using Crawler.Grains;
using Crawler.Grains.Batches;
using Crawler.Grains.Hosts;
using Crawler.Grains.Retention;
using Crawler.Grains.Placement;
using Crawler.Grains.Primes;
using Crawler.Grains.Storage;
using Crawler.Probing;
using Crawler.Probing.Targets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Persistence;
using Orleans.Storage;
using StackExchange.Redis;

namespace Orleans.Hosting;

public static class CrawlerGrainsExtensions
{
    /// <summary>
    /// Everything the grains need on a silo besides the store's providers (which come from configuration):
    /// the placement that spreads hosts and partitions, the prober and its address guard, the silo's probe slots, its sieve workers and the downloads' content store.
    /// </summary>
    public static ISiloBuilder AddCrawlerGrains(this ISiloBuilder silo)
    {
        silo.AddPlacementDirector<SpreadPlacement, SpreadPlacementDirector>();
        silo.AddIncomingGrainCallFilter<ContractFaultFilter>();
        var services = silo.Services;
        // A silo that dies is declared dead in about five seconds, not Orleans' half a minute: its peers probe it every 2 s
        // and suspect it after two missed probes, and two votes (one in a cluster of two) declare it dead, after which
        // every call waiting on it fails at once and is sent again elsewhere. Orleans:Membership overrides any of these.
        services.AddOptions<ClusterMembershipOptions>()
            .Configure(membership =>
            {
                membership.ProbeTimeout = TimeSpan.FromSeconds(2);
                membership.NumMissedProbesLimit = 2;
                membership.NumVotesForDeathDeclaration = 2;
            })
            .BindConfiguration("Orleans:Membership");
        services.AddOptions<ProbingOptions>()
            .BindConfiguration(ProbingOptions.Section)
            .Validate(o => o.MaxInFlightPerSilo is >= 1 and <= 100_000, "Probing:MaxInFlightPerSilo must be between 1 and 100000.")
            .Validate(o => o.PageMemoryBytes >= 3L * 32 * 1024 * 1024, "Probing:PageMemoryBytes must hold at least one page of the largest size (96 MiB).")
            .ValidateOnStart();
        services.AddOptions<AddressGuardOptions>().BindConfiguration(AddressGuardOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AddressGuardOptions>, AddressGuardValidation>();
        services.TryAddSingleton(sp => new AddressGuard(sp.GetRequiredService<IOptions<AddressGuardOptions>>().Value));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IHostResolver>(SystemHostResolver.Instance);
        services.TryAddSingleton(sp => new UrlProber(
            sp.GetRequiredService<AddressGuard>(), sp.GetRequiredService<IHostResolver>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<SiloProbeSlots>();
        services.TryAddSingleton(sp => new Crawler.Crawling.PageBudget(sp.GetRequiredService<IOptions<ProbingOptions>>().Value.PageMemoryBytes));
        services.TryAddSingleton(sp =>
        {
            var store = sp.GetRequiredKeyedService<IConnectionMultiplexer>(CrawlerCluster.Store);
            BatchTelemetry.Watch(store);
            return ActivatorUtilities.CreateInstance<BatchStore>(sp, store);
        });
        services.AddCrawlerDataProtection();
        services.TryAddSingleton<BatchSecrets>();
        services.TryAddSingleton<JobRetention>();
        services.AddOptions<RetentionOptions>()
            .BindConfiguration(RetentionOptions.Section)
            .Validate(o => o.MaxPurgesPerSweep >= 1 && o.ContentGrace >= TimeSpan.Zero, "Retention:MaxPurgesPerSweep must be 1 or more and Retention:ContentGrace not negative.")
            .ValidateOnStart();
        // Every silo makes sure the sweep's reminder exists; the reminder then wakes the sweep wherever it is placed.
        silo.AddStartupTask((services, _) => services.GetRequiredService<IGrainFactory>().GetGrain<IRetentionGrain>(IRetentionGrain.Key).StartAsync());
        // Job records as plain JSON (RecordSerializer), not Orleans' default that names CLR types.
        services.AddKeyedSingleton<IGrainStorageSerializer, RecordSerializer>(CrawlerCluster.BatchStorage);
        services.AddKeyedSingleton<IGrainStorageSerializer, RecordSerializer>(CrawlerCluster.JobStorage);
        foreach (var storage in (string[])[CrawlerCluster.BatchStorage, CrawlerCluster.JobStorage])
        {
            // A job deleted after its retention leaves nothing of its record (by default a cleared record stays, emptied).
            services.AddOptions<RedisStorageOptions>(storage).Configure(o => o.DeleteStateOnClear = true);
        }

        services.AddOptions<PrimesOptions>()
            .BindConfiguration(PrimesOptions.Section)
            .Validate(o => o.MaxParallelism is >= 1 and <= 1_024, "Primes:MaxParallelism must be between 1 and 1024.")
            .ValidateOnStart();
        services.TryAddSingleton<SieveWorkers>();
        services.AddOptions<DownloadsOptions>()
            .BindConfiguration(DownloadsOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Directory), "Downloads:Directory must name a folder.")
            .ValidateOnStart();
        services.TryAddSingleton<IContentStore>(sp =>
        {
            var downloads = sp.GetRequiredService<IOptions<DownloadsOptions>>().Value;
            return new FolderContentStore(downloads.Directory, downloads.FlushToDisk);
        });
        return silo;
    }

    /// <summary>
    /// Data Protection with its key ring in the store, so that every silo opens what any silo sealed, and a restarted
    /// cluster what it sealed before.
    /// </summary>
    private static void AddCrawlerDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("crawler");
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((keys, provider) =>
        {
            var cluster = provider.GetRequiredService<IOptions<ClusterOptions>>().Value;
            keys.XmlRepository = new RedisXmlRepository(
                () => provider.GetRequiredKeyedService<IConnectionMultiplexer>(CrawlerCluster.Store).GetDatabase(),
                $"data-protection-keys:{cluster.ServiceId}");
        });
    }
}
