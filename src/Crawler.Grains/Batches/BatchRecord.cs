using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Contracts.Tenants;

namespace Crawler.Grains.Batches;

/// <summary>The durable record of a batch (grain state); its URLs and results live beside it in <see cref="BatchStore"/>.</summary>
[GenerateSerializer]
[Alias("crawler.batches.batch-record")]
public sealed class BatchRecord
{
    [Id(8)] public BatchKind Kind { get; set; }
    [Id(0)] public JobState State { get; set; }
    /// <summary>The options with their credentials redacted; the credentials themselves are in <see cref="SealedSecrets"/>.</summary>
    [Id(1)] public BatchOptions Options { get; set; } = BatchOptions.Default;

    /// <summary>The batch's credentials sealed by <see cref="BatchSecrets"/> while it runs; null once it has ended.</summary>
    [Id(9)] public string? SealedSecrets { get; set; }

    /// <summary>Whose the batch is and what it is held to (a record from before tenants has the defaults).</summary>
    [Id(10)] public JobTerms Terms { get; set; } = JobTerms.Default;

    /// <summary>Why the batch was stopped before its end, when a limit stopped it rather than its owner.</summary>
    [Id(11)] public string? StopReason { get; set; }
    [Id(2)] public int Total { get; set; }
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public DateTimeOffset? StartedAt { get; set; }
    [Id(5)] public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>W3C traceparent of the request that started the batch, so work sent later joins its trace.</summary>
    [Id(6)] public string? TraceParent { get; set; }

    /// <summary>For a crawl: how many shards its frontier has (<see cref="Crawling.CrawlShards.For"/>), fixed when it starts.</summary>
    [Id(7)] public int CrawlShards { get; set; }

    /// <summary>The batch as the API reports it: its record, the progress of the activation that answers, and that silo.</summary>
    internal BatchStatus ToStatus(string id, BatchProgress progress, string silo) => new()
    {
        Id = id,
        Kind = Kind,
        State = State,
        Total = Total,
        Done = progress.Done,
        Ok = progress.Ok,
        Failed = progress.Failed,
        Skipped = progress.Skipped,
        CreatedAt = CreatedAt,
        StartedAt = StartedAt,
        FinishedAt = FinishedAt,
        Options = Options.Redact(),
        Silo = silo,
        Tenant = Terms.Tenant,
        StopReason = StopReason,
        ExpiresAt = FinishedAt + Terms.Retention,
        Crawl = Kind == BatchKind.Crawl ? progress.Cuts : null,
    };
}
