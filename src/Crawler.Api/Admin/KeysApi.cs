using Crawler.Api.Access;
using Crawler.Contracts.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crawler.Api.Admin;

/// <summary><c>/api/admin/keys</c>: the admin key makes, lists and revokes tenants' keys. Only with keys on.</summary>
public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/admin/keys").WithTags("admin").RequireAuthorization(TenantAccess.AdminPolicy);
        keys.MapPost("/", CreateAsync)
            .WithSummary("Makes a key for a tenant: {\"tenant\": \"team-a\", \"name\": \"ci\"}; the key is in the answer, and only there");
        keys.MapGet("/", ListAsync)
            .WithSummary("Every key: id, tenant, name, when made and revoked (never the key)");
        keys.MapDelete("/{id:regex(^[0-9a-f]{{12}}$)}", RevokeAsync)
            .WithSummary("Revokes a key: requests with it are refused from then on (within Auth:KeyCacheSeconds on other API instances)");
        return app;
    }

    public static async Task<Results<Created<IssuedApiKey>, ValidationProblem>> CreateAsync(ApiKeyRequest request, IClusterClient cluster)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TenantNames.IsValid(request.Tenant))
        {
            errors["tenant"] = ["lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters"];
        }

        if (request.Name is { Length: > 200 })
        {
            errors["name"] = ["at most 200 characters"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid key request");
        }

        var key = ApiKeys.New();
        var info = await cluster.GetGrain<IApiKeysGrain>(IApiKeysGrain.Key).AddAsync(ApiKeys.Hash(key), request.Tenant!, request.Name);
        return TypedResults.Created($"/api/admin/keys/{info.Id}", new IssuedApiKey(key, info));
    }

    public static async Task<Ok<IReadOnlyList<ApiKey>>> ListAsync(IClusterClient cluster) =>
        TypedResults.Ok(await cluster.GetGrain<IApiKeysGrain>(IApiKeysGrain.Key).ListAsync());

    public static async Task<Results<Ok<ApiKey>, NotFoundProblem>> RevokeAsync(string id, IClusterClient cluster, KeyDirectory directory)
    {
        if (await cluster.GetGrain<IApiKeysGrain>(IApiKeysGrain.Key).RevokeAsync(id) is not { } revoked)
        {
            return ProblemResults.NoSuch("key", id);
        }

        directory.Forget(id);
        return TypedResults.Ok(revoked);
    }
}
