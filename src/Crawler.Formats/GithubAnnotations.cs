using System.Text;

namespace Crawler.Formats;

/// <summary>
/// GitHub Actions' workflow commands (<c>::error file=…,line=…,col=…,title=…::message</c>), escaped as the runner
/// reads them: <c>%</c>, CR and LF in messages; also <c>:</c> and <c>,</c> in properties.
/// </summary>
internal static class GithubAnnotations
{
    public static string Command(string level, string message, string? title, string? file = null, int? line = null, int? column = null)
    {
        var properties = new List<string>();
        if (file is not null)
        {
            properties.Add($"file={Property(file)}");
        }

        if (line is { } l)
        {
            properties.Add($"line={l}");
        }

        if (column is { } c)
        {
            properties.Add($"col={c}");
        }

        if (title is not null)
        {
            properties.Add($"title={Property(title)}");
        }

        var text = new StringBuilder("::").Append(level);
        if (properties.Count > 0)
        {
            text.Append(' ').AppendJoin(',', properties);
        }

        return text.Append("::").Append(Message(message)).ToString();
    }

    /// <summary>Annotation level: a warning for a timeout, a notice for what was not checked, else an error.</summary>
    public static string Level(string outcome) => Outcomes.KindOf(outcome) switch
    {
        OutcomeKind.Skipped => "notice",
        _ when outcome == Outcomes.Timeout => "warning",
        _ => "error",
    };

    private static string Message(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string Property(string value) =>
        Message(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
