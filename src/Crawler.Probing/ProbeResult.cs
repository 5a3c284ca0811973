namespace Crawler.Probing;

/// <summary>What one attempt to fetch a URL found.</summary>
/// <param name="FinalUrl">Where the last request went, after redirects.</param>
/// <param name="Status">HTTP status of the last response, if any arrived.</param>
/// <param name="Redirects">Each URL that redirected, with the status it answered.</param>
public sealed record ProbeResult(
    ProbeOutcome Outcome,
    string FinalUrl,
    int? Status,
    IReadOnlyList<(string Url, int Status)> Redirects,
    TimeSpan Elapsed,
    string? Error = null)
{
    /// <summary>
    /// Failures worth another attempt later: the server or the network may recover.
    /// 429 and 5xx gateway errors are the server asking for patience, not a broken link.
    /// </summary>
    public bool IsTransient => Outcome switch
    {
        ProbeOutcome.Timeout or ProbeOutcome.Connection => true,
        ProbeOutcome.HttpError => Status is 429 or 502 or 503 or 504,
        _ => false,
    };
}
