using Crawler.Contracts.Batches;
using Crawler.Documents;
using Crawler.Probing;

namespace Crawler.Formats.Links;

/// <summary>
/// A link's own result when it has a fragment: its URL's result (checked once for every link to it), unless the page
/// answered with anchors (<see cref="BatchOptions.Anchors"/>) and none is the fragment — then <c>missing_fragment</c>.
/// The anchors themselves stay out of the link's result: reports do not need them.
/// </summary>
public static class RemoteFragments
{
    public static UrlResult ResultFor(UrlResult result, string? fragment)
    {
        var bare = result.Anchors is null ? result : result with { Anchors = null };
        return fragment is not null && result is { Anchors: { } anchors, Outcome: "ok" }
            && Anchors.Listed(anchors).Missing(fragment, result.FinalUrl ?? result.Url) is { } missing
            ? bare with { Outcome = ProbeOutcome.MissingFragment.Name(), Error = missing }
            : bare;
    }
}
