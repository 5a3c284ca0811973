using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Crawler.Contracts;

namespace Crawler.Api;

/// <summary>
/// How the API reads request bodies: the contracts' JSON shape, except that a field it does not know is refused — a
/// misspelt option (<c>maxConcurency</c>) would otherwise be ignored without a word. Stored records stay lenient
/// (<see cref="CrawlerJson"/>), so a silo can read what a newer one wrote.
/// </summary>
internal static class ApiJson
{
    public static JsonSerializerOptions Input { get; } = new(CrawlerJson.Default.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    /// <summary>The body as <typeparamref name="T"/>; JSON that does not fit is a 400 naming the field (<see cref="BadRequestHandler"/>).</summary>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(request.Body, (JsonTypeInfo<T>)Input.GetTypeInfo(typeof(T)), cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException($"The body is not valid JSON for {what}: {Describe(ex)}", ex);
        }
    }

    /// <summary>The field a JSON error is about, as a client names it (<c>options.maxConcurency</c>), or null for the whole body.</summary>
    public static string? Field(JsonException error) =>
        error.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;

    public static string Describe(JsonException error) =>
        IsUnknownField(error) && Field(error) is { } field
            ? $"'{field}' is not a field this API knows (check its spelling; the OpenAPI document at /openapi/v1.json lists every field)."
            : error.Message;

    // System.Text.Json says so only in its message; the path then ends at the unknown name.
    private static bool IsUnknownField(JsonException error) => error.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal);
}
