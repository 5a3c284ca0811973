using System.Text;

namespace Crawler.Formats.Links;

/// <summary>Markdown for people and pull requests: the counts, then every link that did not pass, under its file, by line.</summary>
internal static class LinkMarkdownReport
{
    public static async Task WriteAsync(LinkReport report, Stream output, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.Append("# Link check\n\n");
        text.Append($"{report.Links.Count} links in {report.Documents} documents ({report.Targets} targets) in {report.Elapsed.TotalSeconds:0.##} s\n\n");
        text.Append("| outcome | links |\n|---|---:|\n");
        text.Append($"| ok | {report.Ok} |\n");
        foreach (var (outcome, count) in report.NotOk)
        {
            text.Append($"| {outcome} | {count} |\n");
        }

        foreach (var file in report.BySource())
        {
            var notOk = file.Where(link => !Outcomes.IsOk(link.Result.Outcome)).ToList();
            if (notOk.Count == 0)
            {
                continue;
            }

            text.Append($"\n## {Escape(file.Key)}\n\n");
            foreach (var link in notOk)
            {
                var status = link.Result.Status is { } code ? $" {code}" : "";
                text.Append($"- line {link.Location.Line}, column {link.Location.Column}: `{link.Reference.Replace("`", "'", StringComparison.Ordinal)}` — **{link.Result.Outcome}**{status}");
                text.Append($": {Escape(link.Result.Error ?? Outcomes.Describe(link.Result.Outcome))}\n");
            }
        }

        await using var writer = ReportOutput.Text(output);
        await writer.WriteAsync(text, cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    private static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '#')
            {
                escaped.Append('\\');
            }

            escaped.Append(c is '\r' or '\n' ? ' ' : c);
        }

        return escaped.ToString();
    }
}
