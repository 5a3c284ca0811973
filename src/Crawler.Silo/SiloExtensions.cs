using Crawler.Contracts;
using Crawler.Silo;
using Orleans.Dashboard;
using Microsoft.Extensions.Configuration.Memory;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

public static class SiloExtensions
{
    /// <summary>
    /// A silo on the store named by <c>ConnectionStrings:store</c>. Clustering, grain storage and reminders are the
    /// cluster's (<see cref="CrawlerCluster"/>) unless the <c>Orleans</c> configuration section says otherwise.
    /// </summary>
    public static IHostApplicationBuilder AddCrawlerSilo(this IHostApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = CrawlerCluster.Defaults(silo: true) });
        builder.AddKeyedRedisClient(CrawlerCluster.Store);
        builder.UseOrleans(silo =>
        {
            silo.AddCrawlerGrains();
            silo.AddDashboard();
            if (builder.Configuration.GetValue<bool>("Orleans:UseKubernetesHosting"))
            {
                // In a pod: its name, IP and the cluster's ids from the environment the manifests set; dead silos' pods removed.
                silo.UseKubernetesHosting();
            }
        });
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler<QuietSampler>());
        builder.Services.AddHealthChecks().AddCheck<SiloReadiness>("silo");
        return builder;
    }
}
