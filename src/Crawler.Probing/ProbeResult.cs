namespace Crawler.Probing;

/// <summary>What one attempt to fetch a URL found.</summary>
/// <param name="FinalUrl">Where the last request went, after redirects.</param>
/// <param name="Status">HTTP status of the last response, if any arrived.</param>
/// <param name="Redirects">Each URL that redirected, with the status it answered.</param>
/// <param name="RetryAfter">How long the server asked us to wait (Retry-After on a 429 or 503).</param>
/// <param name="Content">What the options' <see cref="ProbeOptions.Reader"/> made of a good answer's body.</param>
public sealed record ProbeResult(
    ProbeOutcome Outcome,
    string FinalUrl,
    int? Status,
    IReadOnlyList<(string Url, int Status)> Redirects,
    TimeSpan Elapsed,
    string? Error = null,
    TimeSpan? RetryAfter = null,
    string Method = "GET",
    FetchedContent? Content = null,
    CacheValidators? Validators = null)
{
    /// <summary>
    /// Failures worth another attempt later: the network or the server may recover. A 429 or 5xx is the
    /// server's trouble or its request for patience, not proof of a broken link.
    /// </summary>
    public bool IsTransient => Outcome switch
    {
        ProbeOutcome.Timeout or ProbeOutcome.Connection => true,
        ProbeOutcome.HttpError => Status is 429 or >= 500 and <= 599,
        _ => false,
    };

    /// <summary>
    /// The host says it is overloaded or asks us to slow down (429, or a 502/503/504 from it or its gateway):
    /// its politeness should back off. A 500 is one broken page, not a busy host.
    /// </summary>
    public bool IsThrottling => Status is 429 or 502 or 503 or 504;
}
