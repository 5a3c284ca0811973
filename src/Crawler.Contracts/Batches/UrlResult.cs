namespace Crawler.Contracts.Batches;

/// <summary>The outcome of checking one URL of a batch; one is reported for every URL submitted.</summary>
[GenerateSerializer, Immutable]
[Alias("crawler.batches.url-result")]
public sealed record UrlResult
{
    /// <summary>Position of the URL in the submitted list, from 0.</summary>
    [Id(0)] public required int Index { get; init; }

    /// <summary>The URL as submitted.</summary>
    [Id(1)] public required string Url { get; init; }

    /// <summary>The URL the last request went to, after redirects; null when no request was made.</summary>
    [Id(2)] public string? FinalUrl { get; init; }

    /// <summary>HTTP status of the final response; null when there was none.</summary>
    [Id(3)] public int? Status { get; init; }

    /// <summary>One of the names in <c>ProbeOutcome</c>: ok, http_error, timeout, dns, connection, tls, protocol, invalid_url, too_many_redirects, rejected, cancelled, excluded, blocked.</summary>
    [Id(4)] public required string Outcome { get; init; }

    /// <summary>What went wrong, in words, when the outcome is not ok.</summary>
    [Id(5)] public string? Error { get; init; }

    [Id(6)] public IReadOnlyList<RedirectHop> Redirects { get; init; } = [];

    [Id(7)] public double ElapsedMs { get; init; }

    [Id(8)] public int Attempts { get; init; }

    /// <summary>The silo that made the request; null when none was made.</summary>
    [Id(9)] public string? Silo { get; init; }

    [Id(10)] public DateTimeOffset QueuedAt { get; init; }

    [Id(11)] public DateTimeOffset? StartedAt { get; init; }

    [Id(12)] public DateTimeOffset FinishedAt { get; init; }

    /// <summary>When the same URL (after normalisation) appears more than once, the index of the one that was checked.</summary>
    [Id(13)] public int? DuplicateOf { get; init; }

    /// <summary>True when the result was reused from an earlier batch (the result cache) instead of a request; absent otherwise.</summary>
    [Id(14)] public bool? Cached { get; init; }

    /// <summary>What a download batch kept of the body; absent for checks and failed downloads.</summary>
    [Id(15)] public DownloadedFile? Download { get; init; }

    /// <summary>What a crawl found at the URL: its depth, links and images; absent for checks and downloads.</summary>
    [Id(16)] public CrawledPage? Page { get; init; }

    /// <summary>
    /// The anchors (ids, and names of <c>a</c>) of the HTML page that answered, when the batch asked for them
    /// (<see cref="BatchOptions.Anchors"/>); at most as many as a page's links are kept. Absent for other answers.
    /// </summary>
    [Id(17)] public IReadOnlyList<string>? Anchors { get; init; }

    /// <summary>The answer's <c>ETag</c>, kept so the result cache can ask later whether the URL changed.</summary>
    [Id(18)] public string? ETag { get; init; }

    /// <summary>The answer's <c>Last-Modified</c>, for the same.</summary>
    [Id(19)] public string? LastModified { get; init; }

    /// <summary>True when a cached result was asked about again and the server answered 304 Not Modified; absent otherwise.</summary>
    [Id(20)] public bool? Revalidated { get; init; }

    /// <summary>The page a crawl found this URL on, when it is an image or resource the page loads or a link it did not follow.</summary>
    [Id(21)] public string? FoundOn { get; init; }

    /// <summary>Why the URL waited before its request started, per reason; absent when no request was made.</summary>
    [Id(22)] public WaitTimes? Waits { get; init; }
}
