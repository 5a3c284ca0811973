using System.Runtime.CompilerServices;
using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Probing;

namespace Crawler.Grains.Batches;

/// <summary>
/// Sorts a batch's URLs a block at a time, in order: those that will not be requested (invalid, excluded), those the
/// result cache knows and later copies of a URL seen before get their results here; the rest are handed on to be
/// queued for their hosts. Blocks already triaged are skipped, so after a failure it carries on where it stopped; on
/// resume it goes through the blocks in the same order and so reaches the same answers.
/// </summary>
internal sealed class BatchTriage(BatchRun run)
{
    // The first index of every distinct URL: 16 bytes of key and an index a URL.
    private readonly Dictionary<UInt128, int> _firstIndex = [];

    // Later copies of a URL whose first has no result yet, by the first's index.
    private readonly Dictionary<int, List<int>> _waiting = [];

    private readonly HashSet<long> _triaged = [];

    /// <summary>Counts a block as triaged without going through it: a crawl queues the URLs it appends itself.</summary>
    public void Skip(long offset) => _triaged.Add(offset);

    /// <summary>Each block not yet triaged, with the results it already has and the URLs to queue.</summary>
    public async IAsyncEnumerable<TriagedBlock> BlocksAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        var filter = run.Options.ToUrlFilter();
        var cacheTtl = TimeSpan.FromSeconds(run.Options.CacheTtlSeconds);
        // A 304 has no body: only a plain check may ask whether a URL changed, never one that reads pages or anchors.
        var revalidate = run.Record.Kind == BatchKind.Check && !run.Options.Anchors;
        foreach (var offset in run.Urls.Offsets.Where(o => !_triaged.Contains(o)))
        {
            cancellation.ThrowIfCancellationRequested();
            var urls = await run.Urls.BlockAsync(offset);
            // Normalising a block of URLs is CPU work: off the grain's scheduler.
            var triage = await Task.Run(() => Array.ConvertAll(urls, url => UrlTriage.Of(url, filter)), cancellation);
            var checkable = Enumerable.Range(0, urls.Length).Where(i => triage[i].Key is not null).ToList();
            var firsts = checkable.Select(i => _firstIndex.TryAdd(triage[i].Key!.Value, (int)offset + i) ? (int)offset + i : _firstIndex[triage[i].Key!.Value]).ToList();

            var cached = cacheTtl > TimeSpan.Zero ? await run.Store.ReadCachedAsync(run.CacheScope, [.. checkable.Select(i => UrlTriage.KeyText(triage[i].Key!.Value))]) : null;
            cancellation.ThrowIfCancellationRequested();

            var recorded = new List<UrlResult>();
            for (var i = 0; i < urls.Length; i++)
            {
                var index = (int)offset + i;
                if (!run.Progress.IsDone(index) && triage[i].Rejected is { } rejected)
                {
                    recorded.Add(run.Unchecked(index, urls[i], rejected, triage[i].Reason!));
                }
            }

            var queued = new List<QueuedUrl>();
            var copies = new List<(int Index, string Url, int Of)>();
            for (var n = 0; n < checkable.Count; n++)
            {
                var i = checkable[n];
                var index = (int)offset + i;
                if (run.Progress.IsDone(index))
                {
                    continue;
                }

                if (firsts[n] != index)
                {
                    copies.Add((index, urls[i], firsts[n]));
                }
                else if (cached?[n] is { } hit && JsonSerializer.Deserialize(hit, CrawlerJson.Default.UrlResult) is { } earlier
                    && earlier.FinishedAt + cacheTtl >= run.Time.GetUtcNow())
                {
                    recorded.Add(earlier with { Index = index, Url = urls[i], Cached = true, Revalidated = null, DuplicateOf = null, QueuedAt = run.Time.GetUtcNow() });
                }
                else if (revalidate && cached?[n] is { } stale && JsonSerializer.Deserialize(stale, CrawlerJson.Default.UrlResult) is { Redirects.Count: 0 } older
                    && (older.ETag ?? older.LastModified) is not null)
                {
                    // Stale but with validators: the request asks whether it changed, and an unchanged URL costs a 304.
                    run.Revalidations[index] = (older.ETag, older.LastModified);
                    queued.Add(new QueuedUrl(triage[i].Host!, index, urls[i]));
                }
                else
                {
                    queued.Add(new QueuedUrl(triage[i].Host!, index, urls[i]));
                }
            }

            recorded.AddRange(await CopiesAsync(copies));
            _triaged.Add(offset);
            yield return new TriagedBlock(offset, recorded, queued);
        }
    }

    /// <summary>The results of the later copies that waited for <paramref name="first"/>'s; each copy is given out once.</summary>
    public async Task<List<UrlResult>> CopiesOfAsync(UrlResult first)
    {
        if (!_waiting.Remove(first.Index, out var indices))
        {
            return [];
        }

        var urls = await run.Urls.UrlsAsync(indices);
        return [.. indices.Select((index, n) => first with { Index = index, Url = urls[n], DuplicateOf = first.Index })];
    }

    /// <summary>
    /// Results for later copies of a URL: the first one's result, once it has one. Copies whose first has no result yet
    /// wait for it (<see cref="CopiesOfAsync"/>).
    /// </summary>
    private async Task<List<UrlResult>> CopiesAsync(List<(int Index, string Url, int Of)> copies)
    {
        var results = new List<UrlResult>();
        foreach (var copy in copies)
        {
            if (!run.Progress.IsDone(copy.Of))
            {
                (_waiting.TryGetValue(copy.Of, out var list) ? list : _waiting[copy.Of] = []).Add(copy.Index);
            }
            else if (await run.Store.ReadResultAsync(run.Id, copy.Of) is { } json && JsonSerializer.Deserialize(json, CrawlerJson.Default.UrlResult) is { } first)
            {
                results.Add(first with { Index = copy.Index, Url = copy.Url, DuplicateOf = copy.Of });
            }
        }

        return results;
    }
}

/// <summary>A block of a batch's URLs, triaged: the results it has at once, and the URLs to queue for their hosts.</summary>
internal sealed record TriagedBlock(long Offset, List<UrlResult> Recorded, List<QueuedUrl> Queued);

/// <summary>A URL to queue for <paramref name="Host"/>, at <paramref name="Index"/> in its batch.</summary>
internal readonly record struct QueuedUrl(string Host, int Index, string Url);
