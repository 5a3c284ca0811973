namespace Crawler.Formats;

/// <summary>How a report counts an outcome; the names follow JUnit's passed, failure, error and skipped.</summary>
internal enum OutcomeKind
{
    /// <summary>The URL works.</summary>
    Passed,

    /// <summary>The URL is wrong: it answered with an error, redirects without end, or cannot be requested.</summary>
    Failure,

    /// <summary>The check could not finish: a timeout, or a failure of the network, TLS or HTTP protocol.</summary>
    Error,

    /// <summary>The URL was not checked.</summary>
    Skipped,
}
