using Aspire.Hosting.Orleans;

namespace Crawler.AppHost;

/// <summary>
/// Points an Orleans provider (clustering, grain storage, reminders) at the Garnet store host. Aspire's own
/// provider configuration derives the provider type from the resource type, which fits its Redis container
/// but not a project that speaks the Redis protocol, so this one says "Redis" and passes the address itself.
/// </summary>
internal sealed class StoreProvider(IResourceBuilder<ProjectResource> store, string endpointName) : IProviderConfiguration
{
    public const string ConnectionName = "store";

    public void ConfigureResource<T>(IResourceBuilder<T> resource, string configSectionPath) where T : IResourceWithEnvironment
    {
        var section = configSectionPath.Replace(":", "__", StringComparison.Ordinal);
        var endpoint = store.GetEndpoint(endpointName);
        resource
            .WithEnvironment($"Orleans__{section}__ProviderType", "Redis")
            .WithEnvironment($"Orleans__{section}__ServiceKey", ConnectionName)
            .WithEnvironment($"ConnectionStrings__{ConnectionName}", ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.HostAndPort)}"));
    }
}
