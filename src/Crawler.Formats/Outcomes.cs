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

    private static readonly (string Name, OutcomeKind Kind, string Description)[] Known =
    [
        (Ok, OutcomeKind.Passed, "The URL answered with an accepted status (2xx unless the batch said otherwise)."),
        (ProbeOutcome.HttpError.Name(), OutcomeKind.Failure, "The URL answered with a status the batch does not accept."),
        (ProbeOutcome.TooManyRedirects.Name(), OutcomeKind.Failure, "The URL redirects in a loop or more often than allowed."),
        (ProbeOutcome.InvalidUrl.Name(), OutcomeKind.Failure, "The URL cannot be requested: it is malformed or not http or https."),
        (Timeout, OutcomeKind.Error, "No answer came within the time allowed."),
        (ProbeOutcome.Dns.Name(), OutcomeKind.Error, "The host name could not be resolved."),
        (ProbeOutcome.Connection.Name(), OutcomeKind.Error, "No connection could be made to the server, or it was lost."),
        (ProbeOutcome.Tls.Name(), OutcomeKind.Error, "The TLS handshake failed."),
        (ProbeOutcome.Protocol.Name(), OutcomeKind.Error, "The answer was not valid HTTP or broke a limit."),
        (ProbeOutcome.Rejected.Name(), OutcomeKind.Failure, "The answer's body was refused: larger than allowed, or not what it must be."),
        (ProbeOutcome.Cancelled.Name(), OutcomeKind.Skipped, "The batch was cancelled before the URL was checked."),
        (ProbeOutcome.Excluded.Name(), OutcomeKind.Skipped, "The URL was excluded from checking."),
    ];

    /// <summary>The known outcomes other than ok, in report order.</summary>
    public static IEnumerable<string> KnownFailures => Known.Skip(1).Select(k => k.Name);

    public static bool IsOk(string outcome) => outcome == Ok;

    public static OutcomeKind KindOf(string outcome) => Find(outcome)?.Kind ?? OutcomeKind.Failure;

    public static string Describe(string outcome) => Find(outcome)?.Description ?? $"The check ended with outcome '{outcome}'.";

    /// <summary>Orders outcomes for reports: ok, then the known ones as listed, then any other by name.</summary>
    public static IOrderedEnumerable<T> InReportOrder<T>(this IEnumerable<T> items, Func<T, string> outcome) =>
        items.OrderBy(item => Rank(outcome(item))).ThenBy(outcome, StringComparer.Ordinal);

    private static int Rank(string outcome) => IndexOf(outcome) is var index and >= 0 ? index : Known.Length;

    private static (string Name, OutcomeKind Kind, string Description)? Find(string outcome) =>
        IndexOf(outcome) is var index and >= 0 ? Known[index] : null;

    private static int IndexOf(string outcome) => Array.FindIndex(Known, k => k.Name == outcome);
}
