namespace Crawler.Testing;

/// <summary>
/// A cluster of three silos formed through Redis clustering on the embedded Garnet, with grain state and
/// reminders there too: the same providers, configured by the same keys, as the production silos.
/// </summary>
public sealed class ClusterFixture(StoreFixture store) : StoreCluster(() => store.ConnectionString);
