using System.Text;

namespace Crawler.Formats.Tests;

/// <summary>
/// A strict RFC 4180 reader: records end with CRLF (the last one may end the text instead), fields are split by
/// commas, a field holding a comma, quote, CR or LF is quoted and doubles its quotes. Anything else is refused.
/// </summary>
internal static class Rfc4180
{
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException("a quoted field is not closed");
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                if (i < text.Length && text[i] != ',' && text[i] != '\r')
                {
                    throw new FormatException($"text after a closing quote at {i}");
                }
            }
            else
            {
                while (i < text.Length && text[i] is not (',' or '\r'))
                {
                    if (text[i] is '"' or '\n')
                    {
                        throw new FormatException($"'{text[i]}' in an unquoted field at {i}");
                    }

                    field.Append(text[i++]);
                }
            }

            record.Add(field.ToString());
            field.Clear();
            if (i == text.Length)
            {
                records.Add(record);
                break;
            }

            if (text[i] == ',')
            {
                i++;
                if (i == text.Length)
                {
                    record.Add("");
                    records.Add(record);
                }

                continue;
            }

            if (i + 1 >= text.Length || text[i + 1] != '\n')
            {
                throw new FormatException($"CR without LF at {i}");
            }

            i += 2;
            records.Add(record);
            record = [];
        }

        return records;
    }
}
