using System.Buffers;
using System.Text;

namespace Crawler.Formats;

/// <summary>CSV text fields (RFC 4180), guarded against formula injection as OWASP recommends.</summary>
public static class CsvText
{
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

    /// <summary>Appends a text field: guarded against formula injection, quoted when RFC 4180 asks for it.</summary>
    public static StringBuilder Append(StringBuilder row, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return row;
        }

        var guard = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
        if (value.AsSpan().IndexOfAny(NeedsQuotes) < 0)
        {
            return (guard ? row.Append('\'') : row).Append(value);
        }

        row.Append('"');
        if (guard)
        {
            row.Append('\'');
        }

        return row.Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
