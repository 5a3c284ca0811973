namespace Crawler.Probing;

/// <summary>How a check ended. <see cref="ProbeOutcomes.Name"/> gives the name used on the wire and in counts.</summary>
public enum ProbeOutcome
{
    Ok,
    HttpError,
    Timeout,
    Dns,
    Connection,
    Tls,
    /// <summary>The server answered with something that is not valid HTTP, or broke a limit (headers too large).</summary>
    Protocol,
    InvalidUrl,
    TooManyRedirects,
    Cancelled,
    /// <summary>Not checked: the batch's include and exclude patterns leave it out.</summary>
    Excluded,
    /// <summary>The body of a good answer was refused by what reads it: larger than allowed, or not what it must be.</summary>
    Rejected,
    /// <summary>Not checked: the address guard does not allow connecting to the address the host resolves to.</summary>
    Blocked,
    /// <summary>A link to a local file or folder that does not exist (document checks).</summary>
    MissingFile,
    /// <summary>The target exists but has no anchor of the link's fragment (document checks with fragments on).</summary>
    MissingFragment,
}

public static class ProbeOutcomes
{
    /// <summary>Outcomes that mean "not checked" rather than "broken" (cancelled, excluded, blocked): they do not fail a batch.</summary>
    public static bool IsSkip(string outcome) => outcome is "cancelled" or "excluded" or "blocked";

    public static string Name(this ProbeOutcome outcome) => outcome switch
    {
        ProbeOutcome.Ok => "ok",
        ProbeOutcome.HttpError => "http_error",
        ProbeOutcome.Timeout => "timeout",
        ProbeOutcome.Dns => "dns",
        ProbeOutcome.Connection => "connection",
        ProbeOutcome.Tls => "tls",
        ProbeOutcome.Protocol => "protocol",
        ProbeOutcome.InvalidUrl => "invalid_url",
        ProbeOutcome.TooManyRedirects => "too_many_redirects",
        ProbeOutcome.Cancelled => "cancelled",
        ProbeOutcome.Excluded => "excluded",
        ProbeOutcome.Rejected => "rejected",
        ProbeOutcome.Blocked => "blocked",
        ProbeOutcome.MissingFile => "missing_file",
        ProbeOutcome.MissingFragment => "missing_fragment",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
