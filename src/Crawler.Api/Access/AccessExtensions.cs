using Crawler.Api.Access;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class AccessExtensions
{
    /// <summary>API keys and tenants (<see cref="AuthOptions"/>): refuses to start with keys on and no admin key.</summary>
    public static IHostApplicationBuilder AddCrawlerAccess(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .Validate(
                o => !o.Enabled || o.AdminKey is { Length: >= 32 },
                "Auth is on (Auth:Enabled) and needs an admin key of at least 32 characters (Auth:AdminKey, from a secret). Only a machine where every caller is trusted may run with Auth:Enabled=false.")
            .Validate(o => o.KeyCacheSeconds is >= 0 and <= 3_600, "Auth:KeyCacheSeconds must be between 0 and 3600.")
            .ValidateOnStart();
        builder.Services.AddMemoryCache(cache => cache.SizeLimit = 100_000);
        builder.Services.AddSingleton<KeyDirectory>();
        builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(TenantAccess.TenantPolicy, policy => policy.RequireClaim(ApiKeyAuthentication.TenantClaim))
            .AddPolicy(TenantAccess.AdminPolicy, policy => policy.RequireRole(ApiKeyAuthentication.AdminRole));
        return builder;
    }

    public static WebApplication UseCrawlerAccess(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled)
        {
            app.Logger.LogWarning("API keys are off (Auth:Enabled=false): anyone who reaches this API acts as the tenant '{Tenant}'", Crawler.Contracts.Tenants.TenantNames.Default);
        }

        app.UseMiddleware<CrossSiteGuard>();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
