using Crawler.Store;

namespace Microsoft.Extensions.Hosting;

public static class StoreExtensions
{
    public static IHostApplicationBuilder AddEmbeddedStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section);
        builder.Services.AddHostedService<GarnetService>();
        builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        return builder;
    }
}
