using Crawler.Api;
using Crawler.Contracts;

namespace Microsoft.Extensions.Hosting;

public static class ApiExtensions
{
    /// <summary>An Orleans client of the cluster on the store named by <c>ConnectionStrings:store</c>, and the API's services.</summary>
    public static IHostApplicationBuilder AddCrawlerApi(this IHostApplicationBuilder builder)
    {
        builder.AddKeyedRedisClient("store");
        builder.UseOrleansClient();
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, CrawlerJson.Default);
            json.SerializerOptions.DefaultIgnoreCondition = CrawlerJson.Default.Options.DefaultIgnoreCondition;
        });
        return builder;
    }
}
