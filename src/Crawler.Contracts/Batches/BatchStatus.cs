namespace Crawler.Contracts.Batches;

/// <summary>A batch's state and progress, as the API reports it.</summary>
[GenerateSerializer, Immutable]
[Alias("crawler.batches.batch-status")]
public sealed record BatchStatus
{
    [Id(0)] public required string Id { get; init; }
    [Id(12)] public required BatchKind Kind { get; init; }
    [Id(1)] public required JobState State { get; init; }
    [Id(2)] public required int Total { get; init; }
    [Id(3)] public required int Done { get; init; }
    [Id(4)] public required int Ok { get; init; }

    /// <summary>URLs that did not pass, counted by outcome (http_error, timeout, ...).</summary>
    [Id(5)] public required IReadOnlyDictionary<string, int> Failed { get; init; }

    /// <summary>URLs not checked, counted by outcome (excluded, blocked, cancelled): not failures.</summary>
    [Id(11)] public IReadOnlyDictionary<string, int> Skipped { get; init; } = new Dictionary<string, int>();

    [Id(6)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(7)] public DateTimeOffset? StartedAt { get; init; }
    [Id(8)] public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>The batch's options, with secrets redacted.</summary>
    [Id(9)] public required BatchOptions Options { get; init; }

    /// <summary>The silo whose batch grain answered.</summary>
    [Id(10)] public string? Silo { get; init; }

    /// <summary>The tenant the batch belongs to.</summary>
    [Id(13)] public string Tenant { get; init; } = Tenants.TenantNames.Default;

    /// <summary>Why the batch was stopped before its end, when a limit stopped it (<c>maxDownloadBytes: …</c>).</summary>
    [Id(14)] public string? StopReason { get; init; }

    /// <summary>When the batch and everything it made will be deleted (once it has ended).</summary>
    [Id(15)] public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>For a crawl: what its bounds cut, summed over its pages (each page's result says its own).</summary>
    [Id(16)] public CrawlCuts? Crawl { get; init; }

    public bool IsFinished => State.HasEnded();
}
