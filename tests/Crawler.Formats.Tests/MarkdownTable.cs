using System.Text;

namespace Crawler.Formats.Tests;

/// <summary>Reads GitHub-flavoured Markdown tables the way GitHub does: cells split at pipes that are not escaped.</summary>
internal static class MarkdownTable
{
    /// <summary>The tables of <paramref name="markdown"/>: each a list of rows (header first, delimiter row left out) of unescaped cells.</summary>
    public static List<List<string[]>> All(string markdown)
    {
        var tables = new List<List<string[]>>();
        List<string[]>? table = null;
        foreach (var line in markdown.Split('\n'))
        {
            if (!line.StartsWith('|'))
            {
                table = null;
                continue;
            }

            if (table is null)
            {
                table = [];
                tables.Add(table);
            }

            var cells = Cells(line);
            if (!cells.All(c => c.Trim(':').All(ch => ch == '-') && c.Length > 0))
            {
                table.Add(cells);
            }
        }

        return tables;
    }

    /// <summary>
    /// The cells of one row. As in GitHub's parser a backslash and the character after it are a pair that never
    /// splits a cell; then <c>\|</c> and <c>\\</c> read as the character escaped.
    /// </summary>
    public static string[] Cells(string row)
    {
        Assert.True(row.StartsWith('|') && row.EndsWith('|'), $"a row starts and ends with a pipe: {row}");
        var cells = new List<string>();
        var cell = new StringBuilder();
        for (var i = 1; i < row.Length; i++)
        {
            if (row[i] == '\\' && i + 1 < row.Length)
            {
                cell.Append(row[i + 1] is '|' or '\\' ? row[i + 1] : $"\\{row[i + 1]}");
                i++;
            }
            else if (row[i] == '|')
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else
            {
                cell.Append(row[i]);
            }
        }

        return [.. cells];
    }
}
