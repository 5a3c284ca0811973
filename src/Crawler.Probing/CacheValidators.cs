using System.Globalization;

namespace Crawler.Probing;

/// <summary>
/// What a server said identifies the version of what it answered (<c>ETag</c>, <c>Last-Modified</c>), so that the next
/// request can ask "has it changed?" (<c>If-None-Match</c>, <c>If-Modified-Since</c>) and an unchanged page costs a 304.
/// </summary>
public sealed record CacheValidators(string? ETag, string? LastModified)
{
    public bool IsEmpty => ETag is null && LastModified is null;

    /// <summary>The validators of an answer, or null when it has none.</summary>
    public static CacheValidators? Of(HttpResponseMessage response)
    {
        var validators = new CacheValidators(
            response.Headers.ETag?.ToString(),
            response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture));
        return validators.IsEmpty ? null : validators;
    }

    /// <summary>Makes <paramref name="request"/> conditional on them.</summary>
    public void Apply(HttpRequestMessage request)
    {
        if (ETag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ETag);
        }

        if (LastModified is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Modified-Since", LastModified);
        }
    }
}
