using System.Security.Claims;
using Crawler.Contracts.Tenants;
using Microsoft.Extensions.Options;

namespace Crawler.Api.Access;

/// <summary>The tenant a request acts for.</summary>
public static class TenantAccess
{
    public const string TenantPolicy = "tenant";
    public const string AdminPolicy = "admin";

    /// <summary>The request's tenant: its key's, or <see cref="TenantNames.Default"/> when keys are off.</summary>
    /// <exception cref="InvalidOperationException">Keys are on and the request has no tenant: an endpoint lacks its policy.</exception>
    public static string Tenant(this HttpContext context) =>
        context.User.FindFirstValue(ApiKeyAuthentication.TenantClaim)
        ?? (context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled
            ? throw new InvalidOperationException("A request with no tenant reached an endpoint that needs one.")
            : TenantNames.Default);

    /// <summary>Whether the request may see a job of <paramref name="owner"/>: another tenant's job is as if it did not exist.</summary>
    public static bool Owns(this HttpContext context, string owner) => context.Tenant() == owner;

    /// <summary>Requires a tenant's key on the group's endpoints (when keys are on).</summary>
    public static TBuilder RequireTenant<TBuilder>(this TBuilder builder, IServiceProvider services) where TBuilder : IEndpointConventionBuilder =>
        services.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled ? builder.RequireAuthorization(TenantPolicy) : builder;
}
