namespace Crawler.Grains.Batches;

/// <summary>A newer activation of the batch has claimed it; this one must not write and should go away.</summary>
public sealed class StaleBatchException(string batchId)
    : InvalidOperationException($"Batch {batchId} was claimed by a newer activation; this one stops writing.");
