namespace Crawler.Grains;

/// <summary>Names that tie grains to the store, in one place for hosts, tests and configuration.</summary>
public static class StoreNames
{
    /// <summary>The keyed <c>IConnectionMultiplexer</c> and the connection string name of the Redis-protocol store.</summary>
    public const string Connection = "store";

    /// <summary>Grain storage provider holding batch records.</summary>
    public const string Checks = "checks";

    /// <summary>Grain storage provider holding prime job records.</summary>
    public const string Jobs = "jobs";
}
