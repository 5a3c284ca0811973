using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Crawler.Api.Access;

/// <summary>
/// Authenticates a request by its API key: the admin key makes an admin, a tenant's key a member of that tenant. No key is
/// no identity (the endpoint's policy then answers 401); an unknown or revoked key fails. Refusals are problem details.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    KeyDirectory keys,
    IOptions<AuthOptions> auth) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string TenantClaim = "crawler:tenant";
    public const string KeyClaim = "crawler:key";
    public const string AdminRole = "admin";

    /// <summary>Where the API serves the Orleans dashboard.</summary>
    public const string DashboardPath = "/dashboard";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ApiKeys.Of(Request) is not { } key)
        {
            return AuthenticateResult.NoResult();
        }

        if (auth.Value.AdminKey is { } admin && ApiKeys.Same(key, admin))
        {
            return Success([new Claim(ClaimTypes.Role, AdminRole), new Claim(ClaimTypes.Name, "admin")]);
        }

        return await keys.FindAsync(key) is { } found
            ? Success([new Claim(TenantClaim, found.Tenant), new Claim(KeyClaim, found.Id), new Claim(ClaimTypes.Name, found.Tenant)])
            : AuthenticateResult.Fail("The API key is unknown or revoked.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // A browser prompts for a Basic challenge (the dashboard's pages); API clients read the Bearer one.
        Response.Headers.WWWAuthenticate = Request.Path.StartsWithSegments(DashboardPath) ? "Basic realm=\"crawler dashboard\"" : "Bearer realm=\"crawler\"";
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        await Problem(StatusCodes.Status401Unauthorized, "API key required",
            failure?.Message ?? $"Send a key as '{ApiKeys.Header}: <key>' or 'Authorization: Bearer <key>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problem(StatusCodes.Status403Forbidden, "Not allowed", "This key may not do that: keys are managed with the admin key, jobs with a tenant's key.");

    private AuthenticateResult Success(Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));

    private Task Problem(int status, string title, string detail)
    {
        Response.StatusCode = status;
        return Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
