using Aspire.Hosting.Orleans;
using Crawler.Contracts;

namespace Crawler.AppHost;

/// <summary>
/// Points an Orleans provider (clustering, grain storage, reminders) at the Garnet store host, as the cluster's
/// configuration says (<see cref="CrawlerCluster.Provider"/>). Aspire's own provider configuration derives the provider
/// type from the resource type, which fits its Redis container but not a project that speaks the Redis protocol.
/// </summary>
internal sealed class StoreProvider(IResourceBuilder<ProjectResource> store, string endpointName) : IProviderConfiguration
{
    public void ConfigureResource<T>(IResourceBuilder<T> resource, string configSectionPath) where T : IResourceWithEnvironment
    {
        foreach (var (key, value) in CrawlerCluster.Provider(configSectionPath))
        {
            resource.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
        }

        var endpoint = store.GetEndpoint(endpointName);
        resource.WithEnvironment($"ConnectionStrings__{CrawlerCluster.Store}", ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.HostAndPort)}"));
    }
}
