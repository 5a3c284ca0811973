using System.Buffers;
using System.Text;
using Crawler.Contracts.Batches;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crawler.Api.Batches;

/// <summary>
/// Reads the body of <c>POST /api/checks</c>: JSON <c>{"urls": [...], "options": {...}}</c>, or plain text with
/// one URL a line (blank lines and lines starting with # skipped) and options in the query string.
/// Plain text is streamed: URLs are handed on in chunks as they arrive, so a huge list never sits in memory.
/// </summary>
internal static class BatchSubmission
{
    public const int ChunkSize = 5_000;

    /// <summary>The longest line of a text body: room for a URL of the longest length checked, and for one too long to be.</summary>
    public const int MaxLineBytes = 64 * 1024;

    public static bool IsPlainText(HttpRequest request) =>
        request.ContentType is null || request.ContentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase);

    public static bool IsJson(HttpRequest request) => request.HasJsonContentType();

    /// <summary>
    /// Sets the body limit for the body's kind (the server enforces it while reading) and refuses at once a
    /// body that says it is larger.
    /// </summary>
    public static ProblemHttpResult? LimitBody(HttpRequest request, ApiOptions api)
    {
        var limit = IsJson(request) ? api.MaxJsonBodyBytes : api.MaxTextBodyBytes;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return request.ContentLength > limit
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Body too large",
                detail: $"This kind of body may be at most {limit} bytes; send long lists as text/plain, which is streamed.")
            : null;
    }

    public static async Task<BatchRequest> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken) =>
        await ApiJson.ReadAsync<BatchRequest>(request, "a batch", cancellationToken) ?? throw new BadHttpRequestException("The body is empty.");

    /// <summary>
    /// The body's URLs, a chunk at a time as they arrive. A line may be up to <see cref="MaxLineBytes"/> long (a URL longer
    /// than a URL may be is still a line, and gets its invalid_url result); a longer one refuses the request, so a body that
    /// is one endless line is never held whole.
    /// </summary>
    public static async IAsyncEnumerable<string[]> ReadLinesAsync(
        HttpRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var body = request.BodyReader;
        var chunk = new List<string>(ChunkSize);
        long lines = 0;
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            while (buffer.PositionOf((byte)'\n') is { } end)
            {
                Add(buffer.Slice(0, end));
                buffer = buffer.Slice(buffer.GetPosition(1, end));
            }

            if (buffer.Length > MaxLineBytes)
            {
                throw new BadHttpRequestException($"Line {lines + 1} of the body is longer than {MaxLineBytes} bytes.");
            }

            if (read.IsCompleted)
            {
                Add(buffer);
                body.AdvanceTo(buffer.End);
                break;
            }

            body.AdvanceTo(buffer.Start, buffer.End);
            if (chunk.Count >= ChunkSize)
            {
                yield return [.. chunk];
                chunk.Clear();
            }
        }

        if (chunk.Count > 0)
        {
            yield return [.. chunk];
        }

        void Add(ReadOnlySequence<byte> line)
        {
            lines++;
            var url = Encoding.UTF8.GetString(line).Trim().TrimStart('\uFEFF');
            if (url.Length > 0 && !url.StartsWith('#'))
            {
                chunk.Add(url);
            }
        }
    }

    /// <summary>Options for a plain-text submission, from its query string (<see cref="BatchOptionsQuery"/>).</summary>
    public static BatchOptions OptionsFromQuery(IQueryCollection query)
    {
        if (query.Keys.FirstOrDefault(name => !BatchOptionsQuery.Names.Contains(name)) is { } unknown)
        {
            throw new BadHttpRequestException(
                $"Query parameter '{unknown}' is not an option (they are: {string.Join(", ", BatchOptionsQuery.Names)}; headers, credentials and crawl settings need the JSON body).");
        }

        try
        {
            return BatchOptionsQuery.Parse(name => [.. query[name].OfType<string>()]);
        }
        catch (FormatException ex)
        {
            throw new BadHttpRequestException(ex.Message, ex);
        }
    }
}
