using Crawler.Contracts;
using Crawler.Downloads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using StackExchange.Redis;

using Xunit;

namespace Crawler.Testing;

/// <summary>
/// A cluster of three silos formed through Redis clustering on a Redis-protocol store, with grain state and reminders
/// there too: the same providers, configured by the same keys, as the production silos.
/// </summary>
/// <param name="storeConnection">The store's connection string, asked for when the cluster starts.</param>
public abstract class StoreCluster(Func<string> storeConnection) : IAsyncLifetime
{
    public const int SiloCount = 3;

    /// <summary>A loopback address the silos' address guard refuses, as production refuses 169.254.169.254.</summary>
    public const string MetadataAddress = "127.0.0.66";

    /// <summary>CRAWLER_TEST_LOGS=1 writes each silo's log, with the crawler's debug lines, to the test's logs folder.</summary>
    private static bool TestLogs => Environment.GetEnvironmentVariable("CRAWLER_TEST_LOGS") == "1";

    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>The content store of download batches, shared by the silos as on one machine; removed with the cluster.</summary>
    public DirectoryInfo Downloads { get; } = Directory.CreateTempSubdirectory("crawler-downloads-");

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>What a client of this cluster (the API) needs in its configuration to join it, besides the cluster's defaults.</summary>
    public IReadOnlyDictionary<string, string?> ClientConfiguration => new Dictionary<string, string?>
    {
        [$"ConnectionStrings:{CrawlerCluster.Store}"] = storeConnection(),
        ["Orleans:ClusterId"] = Cluster.Options.ClusterId,
        ["Orleans:ServiceId"] = Cluster.Options.ServiceId,
    };

    /// <summary>
    /// An API of this cluster as development runs it: no keys (every job is the default tenant's) and no limits on how
    /// many jobs a test submits; tests of keys and quotas set their own.
    /// </summary>
    public IReadOnlyDictionary<string, string?> ApiConfiguration => new Dictionary<string, string?>(ClientConfiguration)
    {
        ["Auth:Enabled"] = "false",
        ["Quotas:SubmissionsPerMinute"] = "0",
        ["Quotas:MaxRunningJobs"] = "0",
        ["Quotas:UrlsPerDay"] = "0",
    };

    public async ValueTask InitializeAsync()
    {
        var builder = new TestClusterBuilder(SiloCount);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ConfigureFileLogging = TestLogs;
        foreach (var (key, value) in CrawlerCluster.Defaults(silo: false))
        {
            builder.Properties[key] = value;
        }

        builder.Properties[$"ConnectionStrings:{CrawlerCluster.Store}"] = storeConnection();
        builder.Properties[$"{DownloadsOptions.Section}:Directory"] = Downloads.FullName;
        // One sieve worker a silo: the test's silos, the store and the web share two cores, and a sieve on each core
        // would starve the store of the clusters that run beside this one.
        builder.Properties["Primes:MaxParallelism"] = "1";
        // Development's guard: the loopback web of the tests is allowed, but for one address that stands for a cloud
        // metadata service (and is refused as a private one would be in production).
        builder.Properties["AddressGuard:AllowedNetworks:0"] = "127.0.0.0/8";
        // Uploads never started are deleted by the sweep after 15 s rather than an hour; a test's upload takes far less.
        builder.Properties["Retention:AbandonUnstartedAfter"] = "00:00:15";
        builder.Properties["AddressGuard:BlockedNetworks:0"] = $"{MetadataAddress}/32";

        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Downloads.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    private static void AddStoreConnection(IHostBuilder host) =>
        host.ConfigureServices((context, services) => services.AddKeyedSingleton<IConnectionMultiplexer>(
            CrawlerCluster.Store,
            (_, _) => ConnectionMultiplexer.Connect(context.Configuration.GetConnectionString(CrawlerCluster.Store)!)));

    private sealed class SiloConfigurator : ISiloConfigurator, IHostConfigurator
    {
        public void Configure(IHostBuilder hostBuilder)
        {
            // The providers only a silo reads (grain storage, reminders), as production silos have them.
            hostBuilder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(CrawlerCluster.Defaults(silo: true)));
            AddStoreConnection(hostBuilder);
            if (TestLogs)
            {
                hostBuilder.ConfigureLogging(logging => logging.AddFilter("Crawler", LogLevel.Debug));
            }
        }

        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddCrawlerGrains();
            siloBuilder.Services.AddSingleton<Crawler.Probing.IHostResolver, TestResolver>();
            // The membership settings are production's (AddCrawlerGrains): a killed silo is declared dead in seconds.
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator, IHostConfigurator
    {
        public void Configure(IHostBuilder hostBuilder) => AddStoreConnection(hostBuilder);

        // As the API's client: calls that may be sent again are, when the cluster changes under them.
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.AddOutgoingGrainCallFilter<TransientRetryFilter>();
    }
}
