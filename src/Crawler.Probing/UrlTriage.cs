using System.Security.Cryptography;
using System.Text;

namespace Crawler.Probing;

/// <summary>
/// What a submitted URL is, before any request: where it goes (its <see cref="Host"/>), what makes it the
/// same as another (<see cref="Key"/>, a hash of the normalised URL: two spellings of one URL share it),
/// or why it will not be checked at all (<see cref="Rejected"/>, with <see cref="Reason"/>).
/// </summary>
public readonly record struct UrlTriage(string? Host, string? Key, ProbeOutcome? Rejected, string? Reason)
{
    public static UrlTriage Of(string raw, UrlFilter filter)
    {
        if (!NormalizedUrl.TryParse(raw, out var url, out var error))
        {
            return new UrlTriage(null, null, ProbeOutcome.InvalidUrl, error);
        }

        return filter.Rejects(url!) is { } reason
            ? new UrlTriage(null, null, ProbeOutcome.Excluded, reason)
            : new UrlTriage(url!.Host, KeyOf(url), null, null);
    }

    /// <summary>128 bits of SHA-256 of the normalised URL: short to store, and never equal for two URLs in practice.</summary>
    public static string KeyOf(NormalizedUrl url)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(url.ToString()), hash);
        return Convert.ToBase64String(hash[..16]).TrimEnd('=');
    }
}
