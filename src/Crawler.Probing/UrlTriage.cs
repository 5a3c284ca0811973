using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Crawler.Probing;

/// <summary>
/// What a submitted URL is, before any request: where it goes (its <see cref="Host"/>), what makes it the
/// same as another (<see cref="Key"/>, 128 bits of SHA-256 of the normalised URL: two spellings of one URL
/// share it, two URLs never do in practice), or why it will not be checked at all (<see cref="Rejected"/>,
/// with <see cref="Reason"/>).
/// </summary>
public readonly record struct UrlTriage(string? Host, UInt128? Key, ProbeOutcome? Rejected, string? Reason)
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

    public static UInt128 KeyOf(NormalizedUrl url)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(url.ToString()), hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }

    /// <summary>The key of a link with its fragment (<c>https://host/page#part</c>): one per anchor asked for, not per page.</summary>
    public static UInt128 KeyOf(NormalizedUrl url, string fragment)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{url}#{fragment}"), hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }

    /// <summary>The key as text, for a store's key names.</summary>
    public static string KeyText(UInt128 key) => key.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
}
