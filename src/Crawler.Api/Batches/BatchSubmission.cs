using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;

namespace Crawler.Api.Batches;

/// <summary>
/// Reads the body of <c>POST /api/checks</c>: JSON <c>{"urls": [...], "options": {...}}</c>, or plain text with
/// one URL a line (blank lines and lines starting with # skipped) and options in the query string.
/// Plain text is streamed: URLs are handed on in chunks as they arrive, so a huge list never sits in memory.
/// </summary>
internal static class BatchSubmission
{
    public const int ChunkSize = 5_000;

    public static bool IsPlainText(HttpRequest request) =>
        request.ContentType is null || request.ContentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase);

    public static bool IsJson(HttpRequest request) => request.HasJsonContentType();

    /// <summary>
    /// Sets the body limit for the body's kind (the server enforces it while reading) and refuses at once a
    /// body that says it is larger.
    /// </summary>
    public static IResult? LimitBody(HttpRequest request, ApiOptions api)
    {
        var limit = IsJson(request) ? api.MaxJsonBodyBytes : api.MaxTextBodyBytes;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return request.ContentLength > limit
            ? Results.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Body too large",
                detail: $"This kind of body may be at most {limit} bytes; send long lists as text/plain, which is streamed.")
            : null;
    }

    public static async Task<BatchRequest> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(request.Body, CrawlerJson.Default.BatchRequest, cancellationToken)
                ?? throw new BadHttpRequestException("The body is empty.");
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException($"The body is not valid JSON for a check request: {ex.Message}", ex);
        }
    }

    public static async IAsyncEnumerable<string[]> ReadLinesAsync(
        HttpRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var chunk = new List<string>(ChunkSize);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var url = line.Trim();
            if (url.Length == 0 || url.StartsWith('#'))
            {
                continue;
            }

            chunk.Add(url);
            if (chunk.Count == ChunkSize)
            {
                yield return [.. chunk];
                chunk.Clear();
            }
        }

        if (chunk.Count > 0)
        {
            yield return [.. chunk];
        }
    }

    /// <summary>
    /// Options for a plain-text submission, from query parameters named as the JSON fields; lists (include,
    /// exclude) repeat their parameter. Headers and credentials need the JSON body.
    /// </summary>
    public static BatchOptions OptionsFromQuery(IQueryCollection query)
    {
        var options = BatchOptions.Default;
        return options with
        {
            MaxConcurrency = Int(nameof(options.MaxConcurrency), options.MaxConcurrency),
            PerHostConcurrency = Int(nameof(options.PerHostConcurrency), options.PerHostConcurrency),
            PerHostDelayMs = Int(nameof(options.PerHostDelayMs), options.PerHostDelayMs),
            TimeoutMs = Int(nameof(options.TimeoutMs), options.TimeoutMs),
            MaxRedirects = Int(nameof(options.MaxRedirects), options.MaxRedirects),
            Retries = Int(nameof(options.Retries), options.Retries),
            MaxRetryAfterMs = Int(nameof(options.MaxRetryAfterMs), options.MaxRetryAfterMs),
            CacheTtlSeconds = Int(nameof(options.CacheTtlSeconds), options.CacheTtlSeconds),
            HeadFirst = Bool(nameof(options.HeadFirst), options.HeadFirst),
            AllowInvalidTls = Bool(nameof(options.AllowInvalidTls), options.AllowInvalidTls),
            UserAgent = Text(nameof(options.UserAgent)) ?? options.UserAgent,
            Accept = Text(nameof(options.Accept)) ?? options.Accept,
            Include = [.. query[Key(nameof(options.Include))].OfType<string>()],
            Exclude = [.. query[Key(nameof(options.Exclude))].OfType<string>()],
        };

        static string Key(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

        string? Text(string name) => query[Key(name)] is { Count: > 0 } value ? value.ToString() : null;

        int Int(string name, int fallback) => Text(name) is not { } text ? fallback
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : throw new BadHttpRequestException($"Query parameter '{Key(name)}' must be a whole number.");

        bool Bool(string name, bool fallback) => Text(name) is not { } text ? fallback
            : bool.TryParse(text, out var parsed) ? parsed
            : throw new BadHttpRequestException($"Query parameter '{Key(name)}' must be true or false.");
    }
}
