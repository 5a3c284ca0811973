using System.Text.Json;
using Crawler.Formats.Links;
using Crawler.Probing;

namespace Crawler.Cli;

/// <summary>
/// <c>--since previous.json</c>: a JSON report of an earlier run (<c>-f json</c>), against which this run's broken links are
/// told apart — newly broken, and fixed (broken then, good or gone now) — so a pull request says what it changed.
/// </summary>
public sealed class PreviousReport
{
    private readonly HashSet<(string Source, string Link)> _broken;

    private PreviousReport(HashSet<(string, string)> broken) => _broken = broken;

    public static PreviousReport Load(string path)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var broken = new HashSet<(string, string)>();
            foreach (var file in json.RootElement.GetProperty("files").EnumerateArray())
            {
                var source = file.GetProperty("source").GetString()!;
                foreach (var link in file.GetProperty("links").EnumerateArray())
                {
                    var outcome = link.GetProperty("result").GetProperty("outcome").GetString()!;
                    if (outcome != ProbeOutcome.Ok.Name() && !ProbeOutcomes.IsSkip(outcome))
                    {
                        broken.Add((source, link.GetProperty("link").GetString()!));
                    }
                }
            }

            return new PreviousReport(broken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new CrawlerCliException($"--since: {path} is not a JSON report of crawler check (-f json): {e.Message}");
        }
    }

    /// <summary>The lines that say what changed since then.</summary>
    public IEnumerable<string> Compare(LinkReport report)
    {
        var now = report.Links.Where(LinkReport.IsBroken).ToList();
        var newly = now.Where(link => !_broken.Contains((link.Location.Source, link.Reference))).ToList();
        var stillBroken = now.Select(link => (link.Location.Source, link.Reference)).ToHashSet();
        var fixedLinks = _broken.Where(link => !stillBroken.Contains(link)).OrderBy(link => link.Source, StringComparer.Ordinal).ThenBy(link => link.Link, StringComparer.Ordinal).ToList();
        yield return $"Since the previous report: {newly.Count} newly broken, {fixedLinks.Count} fixed.";
        foreach (var link in newly)
        {
            yield return $"  newly broken: {link.Location} {link.Reference} {link.Result.Outcome}";
        }

        foreach (var (source, link) in fixedLinks)
        {
            yield return $"  fixed: {source} {link}";
        }
    }
}
