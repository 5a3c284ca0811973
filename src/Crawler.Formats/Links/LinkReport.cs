using Crawler.Probing;

namespace Crawler.Formats.Links;

/// <summary>
/// The links of a set of documents and how each fared: what the located report formats write (<see cref="LinkReportWriters"/>).
/// </summary>
/// <param name="Documents">How many documents were read, with or without links.</param>
/// <param name="Targets">How many distinct targets were checked (URLs and local files).</param>
public sealed record LinkReport(IReadOnlyList<LinkCheck> Links, int Documents, int Targets, TimeSpan Elapsed)
{
    public int Ok => Links.Count(link => Outcomes.IsOk(link.Result.Outcome));

    public int Skipped => Links.Count(link => ProbeOutcomes.IsSkip(link.Result.Outcome));

    public int Broken => Links.Count - Ok - Skipped;

    /// <summary>Links by outcome, other than ok, in report order.</summary>
    public IReadOnlyList<(string Outcome, int Count)> NotOk =>
        [.. Links.Where(link => !Outcomes.IsOk(link.Result.Outcome)).GroupBy(link => link.Result.Outcome)
            .Select(group => (group.Key, group.Count())).InReportOrder(group => group.Key)];

    /// <summary>The links of each document, documents by name, links by line and column.</summary>
    public IEnumerable<IGrouping<string, LinkCheck>> BySource() =>
        Links.OrderBy(link => link.Location.Source, StringComparer.Ordinal)
            .ThenBy(link => link.Location.Line).ThenBy(link => link.Location.Column)
            .GroupBy(link => link.Location.Source);

    /// <summary>Whether a link counts as broken: anything but ok, excluded, blocked or cancelled.</summary>
    public static bool IsBroken(LinkCheck link) => !Outcomes.IsOk(link.Result.Outcome) && !ProbeOutcomes.IsSkip(link.Result.Outcome);
}
