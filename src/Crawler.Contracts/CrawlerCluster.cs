namespace Crawler.Contracts;

/// <summary>
/// The cluster's configuration, written once: every Orleans provider — membership, the grain storage of batches and of
/// prime jobs, reminders — is Redis on the store named <see cref="Store"/>. Silos, the API, the CLI's embedded cluster
/// and the test clusters take these as their defaults (below appsettings and the environment, so a deployment can
/// override any of them); the app host hands the same to its resources.
/// </summary>
public static class CrawlerCluster
{
    /// <summary>The connection string's name and the keyed <c>IConnectionMultiplexer</c> of the Redis-protocol store.</summary>
    public const string Store = "store";

    /// <summary>Grain storage holding batch records.</summary>
    public const string BatchStorage = "checks";

    /// <summary>Grain storage holding prime job records.</summary>
    public const string JobStorage = "jobs";

    /// <summary>The <c>Orleans</c> configuration sections whose provider a silo needs.</summary>
    public static IReadOnlyList<string> SiloProviders { get; } = ["Clustering", $"GrainStorage:{BatchStorage}", $"GrainStorage:{JobStorage}", "Reminders"];

    /// <summary>The one a client (the API) needs: membership, to find the gateways.</summary>
    public static IReadOnlyList<string> ClientProviders { get; } = ["Clustering"];

    /// <summary>What a provider section says: Redis, on the store.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Provider(string section) =>
    [
        new($"Orleans:{section}:ProviderType", "Redis"),
        new($"Orleans:{section}:ServiceKey", Store),
    ];

    /// <summary>The defaults of a silo's (or, with <paramref name="silo"/> false, a client's) configuration.</summary>
    public static Dictionary<string, string?> Defaults(bool silo) => new(
    [
        .. (silo ? SiloProviders : ClientProviders).SelectMany(Provider),
        // Outside Aspire nothing else turns it on; under Aspire it is the same setting, so spans are not doubled.
        new("Orleans:EnableDistributedTracing", "true"),
    ]);
}
