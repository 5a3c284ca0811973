using Microsoft.OpenApi;

namespace Crawler.Api;

public static class RequestBodyDocumentation
{
    /// <summary>
    /// Documents the body an endpoint reads itself (it streams or checks the content type on its own, so that a wrong
    /// one gets Crawler's problem details rather than the framework's bare 415).
    /// </summary>
    public static RouteHandlerBuilder DocumentsBody<T>(this RouteHandlerBuilder endpoint, params string[] contentTypes) =>
        endpoint.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = contentTypes.ToDictionary(type => type, type => new OpenApiMediaType { Schema = type == "application/json" ? schema : new OpenApiSchema { Type = JsonSchemaType.String } }),
            };
        });
}
