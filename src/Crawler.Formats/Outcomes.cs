using Crawler.Probing;

namespace Crawler.Formats;

/// <summary>
/// The outcome names a <c>UrlResult</c> can carry, how reports count them and how they describe them.
/// A name not listed here (from a newer engine) is still reported: as a failure, after the known ones.
/// </summary>
internal static class Outcomes
{
    public static readonly string Ok = ProbeOutcome.Ok.Name();
    public static readonly string Timeout = ProbeOutcome.Timeout.Name();

    /// <summary>Every outcome the engine names, in report order, with what it means.</summary>
    private static readonly (string Name, string Description)[] Known =
    [
        (Ok, "The URL answered with an accepted status (2xx unless the batch said otherwise)."),
        (ProbeOutcome.HttpError.Name(), "The URL answered with a status the batch does not accept."),
        (ProbeOutcome.TooManyRedirects.Name(), "The URL redirects in a loop or more often than allowed."),
        (ProbeOutcome.InvalidUrl.Name(), "The URL cannot be requested: it is malformed or not http or https."),
        (Timeout, "No answer came within the time allowed."),
        (ProbeOutcome.Dns.Name(), "The host name could not be resolved."),
        (ProbeOutcome.Connection.Name(), "No connection could be made to the server, or it was lost."),
        (ProbeOutcome.Tls.Name(), "The TLS handshake failed."),
        (ProbeOutcome.Protocol.Name(), "The answer was not valid HTTP or broke a limit."),
        (ProbeOutcome.Rejected.Name(), "The answer's body was refused: larger than allowed, or not what it must be."),
        (ProbeOutcome.Cancelled.Name(), "The batch was cancelled before the URL was checked."),
        (ProbeOutcome.Excluded.Name(), "The URL was excluded from checking."),
        (ProbeOutcome.Blocked.Name(), "The URL's host resolves to an address the service may not connect to (private, loopback, link-local or reserved)."),
        (ProbeOutcome.MissingFile.Name(), "The local file or folder the link points to does not exist."),
        (ProbeOutcome.MissingFragment.Name(), "The target exists, but has no anchor of the link's fragment."),
    ];

    /// <summary>Outcomes that say the check could not finish (JUnit's errors), rather than that the URL is wrong.</summary>
    private static readonly HashSet<string> Errors =
        [Timeout, ProbeOutcome.Dns.Name(), ProbeOutcome.Connection.Name(), ProbeOutcome.Tls.Name(), ProbeOutcome.Protocol.Name()];

    /// <summary>The known outcomes other than ok, in report order.</summary>
    public static IEnumerable<string> KnownFailures => Known.Skip(1).Select(k => k.Name);

    public static bool IsOk(string outcome) => outcome == Ok;

    public static OutcomeKind KindOf(string outcome) =>
        IsOk(outcome) ? OutcomeKind.Passed
        : ProbeOutcomes.IsSkip(outcome) ? OutcomeKind.Skipped
        : Errors.Contains(outcome) ? OutcomeKind.Error
        : OutcomeKind.Failure;

    public static string Describe(string outcome) => Find(outcome)?.Description ?? $"The check ended with outcome '{outcome}'.";

    /// <summary>Orders outcomes for reports: ok, then the known ones as listed, then any other by name.</summary>
    public static IOrderedEnumerable<T> InReportOrder<T>(this IEnumerable<T> items, Func<T, string> outcome) =>
        items.OrderBy(item => Rank(outcome(item))).ThenBy(outcome, StringComparer.Ordinal);

    private static int Rank(string outcome) => IndexOf(outcome) is var index and >= 0 ? index : Known.Length;

    private static (string Name, string Description)? Find(string outcome) =>
        IndexOf(outcome) is var index and >= 0 ? Known[index] : null;

    private static int IndexOf(string outcome) => Array.FindIndex(Known, k => k.Name == outcome);
}
