namespace Crawler.Documents;

/// <summary>What a link points at, once resolved against its document.</summary>
public enum TargetKind
{
    /// <summary>An http or https URL: checked by the cluster.</summary>
    Remote,

    /// <summary>A file or folder on this machine: checked on disk, never sent to the cluster.</summary>
    Local,

    /// <summary>A fragment of the document the link is in (<c>#usage</c>).</summary>
    ThisDocument,

    /// <summary>A link of a scheme nobody fetches (<c>mailto:</c>, <c>tel:</c>): reported, not checked.</summary>
    Unchecked,

    /// <summary>A link that cannot be resolved: malformed, or relative with nothing to be relative to.</summary>
    Invalid,
}

/// <param name="Address">The absolute URL without its fragment (remote), the full path (local), or the link as written.</param>
/// <param name="Fragment">What follows <c>#</c>, or null when there is no fragment.</param>
/// <param name="Reason">Why a link is unchecked or invalid.</param>
public sealed record LinkTarget(TargetKind Kind, string Address, string? Fragment = null, string? Reason = null);
