using System.Xml;

namespace Crawler.Formats;

internal static class XmlText
{
    /// <summary>
    /// <paramref name="value"/> with every character XML 1.0 cannot hold (control characters, lone surrogates)
    /// replaced by U+FFFD, so any URL or error text can be written.
    /// </summary>
    public static string Clean(string value)
    {
        var firstInvalid = IndexOfInvalid(value, 0);
        if (firstInvalid < 0)
        {
            return value;
        }

        var chars = value.ToCharArray();
        for (var i = firstInvalid; i >= 0; i = IndexOfInvalid(value, i + 1))
        {
            chars[i] = '\uFFFD';
        }

        return new string(chars);
    }

    private static int IndexOfInvalid(string value, int start)
    {
        for (var i = start; i < value.Length; i++)
        {
            if (XmlConvert.IsXmlChar(value[i]))
            {
                continue;
            }

            if (i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], value[i]))
            {
                i++;
                continue;
            }

            return i;
        }

        return -1;
    }
}
