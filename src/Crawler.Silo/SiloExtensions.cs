using Crawler.Grains;
using Crawler.Silo;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

public static class SiloExtensions
{
    /// <summary>
    /// A silo on the store named by <c>ConnectionStrings:store</c>. Clustering, grain storage and reminders
    /// come from the <c>Orleans</c> configuration section (appsettings.json, or the app host's environment).
    /// </summary>
    public static IHostApplicationBuilder AddCrawlerSilo(this IHostApplicationBuilder builder)
    {
        builder.AddKeyedRedisClient(StoreNames.Connection);
        builder.UseOrleans(silo => silo.AddCrawlerGrains());
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler<QuietSampler>());
        return builder;
    }
}
