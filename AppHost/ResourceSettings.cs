using Microsoft.Extensions.Configuration;

namespace Crawler.AppHost;

internal static class ResourceSettings
{
    /// <summary>Hands a section of the app host's configuration to a resource as it is, key by key (as environment variables).</summary>
    public static IResourceBuilder<T> WithSection<T>(this IResourceBuilder<T> resource, IConfiguration configuration, string section)
        where T : IResourceWithEnvironment
    {
        foreach (var (key, value) in configuration.GetSection(section).AsEnumerable())
        {
            if (value is not null)
            {
                resource.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }

        return resource;
    }
}
