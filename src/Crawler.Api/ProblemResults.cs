using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Crawler.Api;

/// <summary>The API's RFC 9457 answers that are not validation problems, as typed results the OpenAPI document can describe.</summary>
internal static class ProblemResults
{
    /// <summary>404 for an id no job of the resource has.</summary>
    public static NotFoundProblem NoSuch(string noun, string id) => new(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = $"No such {noun}",
        Detail = $"No {noun} has id {id}.",
    });

    /// <summary>400 naming one query parameter and what is wrong with it.</summary>
    public static ValidationProblem Parameter(string name, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [message] });
}

/// <summary>
/// A 404 written as problem details (<c>application/problem+json</c>, through the problem details service like every
/// other problem), which, unlike <see cref="NotFound{TValue}"/>, also says so in the OpenAPI document.
/// </summary>
public sealed class NotFoundProblem(ProblemDetails problem) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status404NotFound;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Problem(problem).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(ProblemDetails), ["application/problem+json"]));
}
