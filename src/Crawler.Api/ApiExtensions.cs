using Crawler.Api;
using Crawler.Api.Checks;
using Crawler.Api.Crawls;
using Crawler.Api.Documents;
using Crawler.Api.Downloads;
using Crawler.Api.Access;
using Crawler.Api.Admin;
using Crawler.Api.Primes;
using Crawler.Api.Quotas;
using Crawler.Contracts;
using Orleans.Dashboard;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class ApiExtensions
{
    /// <summary>An Orleans client of the cluster on the store named by <c>ConnectionStrings:store</c>, and the API's services.</summary>
    public static IHostApplicationBuilder AddCrawlerApi(this IHostApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = CrawlerCluster.Defaults(silo: false) });
        builder.AddKeyedRedisClient(CrawlerCluster.Store);
        builder.UseOrleansClient(client => client.AddDashboard().AddOutgoingGrainCallFilter<TransientRetryFilter>());
        builder.Services.AddSingleton<IClientConnectionRetryFilter, ClusterConnectRetry>();
        builder.Services.AddHealthChecks().AddCheck<GatewayReadiness>("gateway");
        return builder.AddCrawlerApiServices();
    }

    /// <summary>The API's own services, for a host that reaches the cluster some other way (a silo in the same process: the CLI's embedded cluster).</summary>
    public static IHostApplicationBuilder AddCrawlerApiServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section);
        builder.AddCrawlerAccess();
        builder.AddCrawlerQuotas();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.AddExceptionHandler<UnavailableHandler>();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, CrawlerJson.Default);
            json.SerializerOptions.DefaultIgnoreCondition = CrawlerJson.Default.Options.DefaultIgnoreCondition;
            json.SerializerOptions.UnmappedMemberHandling = ApiJson.Input.UnmappedMemberHandling;
        });

        // A body or parameter that cannot be bound is thrown to BadRequestHandler, which says why, in every environment.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        return builder;
    }

    /// <summary>
    /// The Orleans dashboard (silos, activations, grain calls) at <c>/dashboard</c>, for the admin key when keys are on (a
    /// browser asks for it: any user name, the key as password). Its silo side is in every silo (<c>AddCrawlerSilo</c>).
    /// </summary>
    public static WebApplication MapCrawlerDashboard(this WebApplication app)
    {
        var dashboard = app.MapOrleansDashboard(ApiKeyAuthentication.DashboardPath);
        if (app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled)
        {
            dashboard.RequireAuthorization(TenantAccess.AdminPolicy);
        }

        return app;
    }

    /// <summary>Every endpoint of the API, with problem details for errors.</summary>
    public static WebApplication MapCrawlerApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCrawlerAccess();
        app.UseRateLimiter();
        app.MapApiReference();
        app.MapChecksApi();
        app.MapDocumentsApi();
        app.MapDownloadsApi();
        app.MapCrawlsApi();
        app.MapPrimesApi();
        app.MapUsageApi();
        if (app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled)
        {
            app.MapKeysApi();
        }

        return app;
    }
}
