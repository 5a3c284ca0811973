using Orleans.Concurrency;

namespace Crawler.Contracts.Batches;

/// <summary>
/// A batch of URLs to check, keyed by batch id. Its record, progress and results live in the store,
/// so it carries on wherever it is activated next if its silo is lost.
/// </summary>
[Alias("crawler.checks.batch")]
public interface IBatchGrain : IGrainWithStringKey, IResultStream
{
    /// <summary>
    /// Adds URLs to a batch that has not started. <paramref name="offset"/> is the number of URLs sent
    /// before: a repeated call with the same offset and URLs is ignored, a wrong offset is refused.
    /// Returns the number of URLs the batch now holds.
    /// </summary>
    [Retryable]
    Task<int> AppendAsync(int offset, IReadOnlyList<string> urls);

    /// <summary>
    /// Starts the batch as a <paramref name="kind"/> of the URLs appended so far, held to <paramref name="terms"/>;
    /// starting again is a no-op.
    /// </summary>
    [Retryable]
    Task<BatchStatus> StartAsync(BatchKind kind, BatchOptions options, Tenants.JobTerms terms);

    /// <summary>The batch's state and counts, or null if no batch has this id. Interleaves: it only reads.</summary>
    [AlwaysInterleave, Retryable]
    Task<BatchStatus?> GetStatusAsync();

    /// <summary>Stops the batch: every URL not yet checked is reported as cancelled.</summary>
    [Retryable]
    Task<BatchStatus?> CancelAsync();

    /// <summary>
    /// Keeps where the batch's URLs were written, for a document check (<c>POST /api/documents</c>): before it starts,
    /// stored with the batch and deleted with it.
    /// </summary>
    [Retryable]
    Task AttachLinksAsync(Documents.DocumentLinkTable links);

    /// <summary>The links a document check attached, or null for a batch that has none.</summary>
    [AlwaysInterleave, Retryable]
    Task<Documents.DocumentLinkTable?> ReadLinksAsync();

    /// <summary>Deletes a batch that never started, such as an upload that failed half-way.</summary>
    [Retryable]
    Task AbandonAsync();

    /// <summary>
    /// Deletes the batch and everything it made (URLs, results, its references to content), stopping it first if it runs;
    /// false when there is no such batch.
    /// </summary>
    Task<bool> PurgeAsync();
}
