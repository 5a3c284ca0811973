namespace Crawler.Testing;

/// <summary>The test cluster on Debian's redis-server instead of Garnet: the providers and the batch store as they are.</summary>
public sealed class RedisCluster(RedisServer redis) : StoreCluster(() => redis.ConnectionString);
