namespace Crawler.Formats.Links;

/// <summary>GitHub Actions annotations: one a link that did not pass, on its file, line and column; then the counts as a notice.</summary>
internal static class LinkGithubReport
{
    public static async Task WriteAsync(LinkReport report, Stream output, CancellationToken cancellationToken)
    {
        await using var text = ReportOutput.Text(output);
        text.NewLine = "\n";
        foreach (var link in report.BySource().SelectMany(file => file).Where(link => !Outcomes.IsOk(link.Result.Outcome)))
        {
            var (outcome, location) = (link.Result.Outcome, link.Location);
            var message = link.Reference == link.Result.Url ? LinkMessages.Of(link.Result) : $"{link.Reference} → {LinkMessages.Of(link.Result)}";
            await text.WriteLineAsync(GithubAnnotations.Command(GithubAnnotations.Level(outcome), message,
                $"{outcome}: {link.Reference}", location.Source.Replace('\\', '/'), location.Line, location.Column));
        }

        await text.WriteLineAsync(GithubAnnotations.Command("notice",
            $"{report.Links.Count} links in {report.Documents} documents: {report.Ok} ok, {report.Broken} broken, {report.Skipped} skipped", "crawler"));
        await text.FlushAsync(cancellationToken);
    }
}
