using System.Globalization;

namespace Crawler.SyntheticWeb;

/// <summary>
/// A <c>Range</c> header against an entity of known length (RFC 9110 §14): one byte range is served as 206;
/// a malformed or unsatisfiable one is 416; no header, another unit, or several ranges are served whole (200).
/// </summary>
internal readonly record struct ByteRange(ByteRange.Kinds Kind, long Start, long End)
{
    public enum Kinds
    {
        /// <summary>Serve the whole entity.</summary>
        Whole,

        /// <summary>Serve bytes Start..End (inclusive).</summary>
        Partial,

        /// <summary>416.</summary>
        Unsatisfiable,
    }

    public long Count => End - Start + 1;

    public static ByteRange Parse(string? header, long length)
    {
        var whole = new ByteRange(Kinds.Whole, 0, length - 1);
        if (string.IsNullOrWhiteSpace(header))
        {
            return whole;
        }

        var equals = header.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            return new ByteRange(Kinds.Unsatisfiable, 0, -1);
        }

        if (!header[..equals].Trim().Equals("bytes", StringComparison.OrdinalIgnoreCase))
        {
            return whole;
        }

        var specs = header[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries);
        if (specs.Length > 1)
        {
            // Allowed by RFC 9110: a server may ignore Range; multipart/byteranges is not worth it here.
            return specs.All(s => TryParse(s, length, out _)) ? whole : new ByteRange(Kinds.Unsatisfiable, 0, -1);
        }

        return TryParse(specs[0], length, out var range) ? range : new ByteRange(Kinds.Unsatisfiable, 0, -1);
    }

    private static bool TryParse(string spec, long length, out ByteRange range)
    {
        range = default;
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return false;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            // Suffix: the last N bytes.
            if (!TryNumber(last, out var suffix) || suffix == 0 || length == 0)
            {
                return false;
            }

            range = new ByteRange(Kinds.Partial, Math.Max(0, length - suffix), length - 1);
            return true;
        }

        if (!TryNumber(first, out var start) || start >= length)
        {
            return false;
        }

        long end = length - 1;
        if (last.Length > 0)
        {
            if (!TryNumber(last, out end) || end < start)
            {
                return false;
            }

            end = Math.Min(end, length - 1);
        }

        range = new ByteRange(Kinds.Partial, start, end);
        return true;
    }

    private static bool TryNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
