using System.Text;

namespace Crawler.Crawling;

/// <summary>
/// Paths and robots.txt patterns in one spelling before they are compared (RFC 9309 §2.2.2): non-ASCII characters
/// percent-encoded as UTF-8, escapes of unreserved characters decoded, other escapes' hex upper-cased.
/// </summary>
internal static class RobotsPath
{
    public static string Normalize(string text)
    {
        if (!NeedsWork(text))
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%' && i + 2 < text.Length && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]))
            {
                var value = (char)Convert.ToByte(text.Substring(i + 1, 2), 16);
                if (IsUnreserved(value))
                {
                    result.Append(value);
                }
                else
                {
                    result.Append('%').Append(char.ToUpperInvariant(text[i + 1])).Append(char.ToUpperInvariant(text[i + 2]));
                }

                i += 2;
            }
            else if (c > ' ' && c < 0x7F)
            {
                result.Append(c);
            }
            else
            {
                var length = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                    ? Encoding.UTF8.GetBytes(text.AsSpan(i++, 2), utf8)
                    : Encoding.UTF8.GetBytes(text.AsSpan(i, 1), utf8);
                foreach (var b in utf8[..length])
                {
                    result.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return result.ToString();
    }

    private static bool NeedsWork(string text)
    {
        foreach (var c in text)
        {
            if (c == '%' || c <= ' ' || c >= 0x7F)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}
