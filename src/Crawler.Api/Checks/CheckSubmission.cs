using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Checks;

namespace Crawler.Api.Checks;

/// <summary>
/// Reads the body of <c>POST /api/checks</c>: JSON <c>{"urls": [...], "options": {...}}</c>, or plain text with
/// one URL a line (blank lines and lines starting with # skipped) and options in the query string.
/// Plain text is streamed: URLs are handed on in chunks as they arrive, so a huge list never sits in memory.
/// </summary>
internal static class CheckSubmission
{
    public const int ChunkSize = 5_000;

    public static bool IsPlainText(HttpRequest request) =>
        request.ContentType is null || request.ContentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase);

    public static bool IsJson(HttpRequest request) => request.HasJsonContentType();

    public static async Task<CheckRequest> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(request.Body, CrawlerJson.Default.CheckRequest, cancellationToken)
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

    /// <summary>Options for a plain-text submission, from query parameters named as the JSON fields.</summary>
    public static CheckOptions OptionsFromQuery(IQueryCollection query)
    {
        var options = CheckOptions.Default;
        return options with
        {
            MaxConcurrency = Int(nameof(options.MaxConcurrency), options.MaxConcurrency),
            PerHostConcurrency = Int(nameof(options.PerHostConcurrency), options.PerHostConcurrency),
            PerHostDelayMs = Int(nameof(options.PerHostDelayMs), options.PerHostDelayMs),
            TimeoutMs = Int(nameof(options.TimeoutMs), options.TimeoutMs),
            MaxRedirects = Int(nameof(options.MaxRedirects), options.MaxRedirects),
            Retries = Int(nameof(options.Retries), options.Retries),
            UserAgent = query[JsonNamingPolicy.CamelCase.ConvertName(nameof(options.UserAgent))] is { Count: > 0 } ua ? ua.ToString() : options.UserAgent,
        };

        int Int(string name, int fallback)
        {
            var key = JsonNamingPolicy.CamelCase.ConvertName(name);
            if (query[key] is not { Count: > 0 } value)
            {
                return fallback;
            }

            return int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new BadHttpRequestException($"Query parameter '{key}' must be an integer.");
        }
    }
}
