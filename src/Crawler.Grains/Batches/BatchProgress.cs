using System.Collections;
using Crawler.Contracts.Batches;
using Crawler.Probing;

namespace Crawler.Grains.Batches;

/// <summary>
/// What a batch has recorded: a bit per URL (has it its result?), how many have one, and the counts by outcome — the
/// store's copy of the same, changed only by the writer's turns, so it is exact without locks.
/// </summary>
internal sealed class BatchProgress
{
    private BitArray _done = new(0);
    private readonly Dictionary<string, int> _counts = [];
    private readonly Dictionary<string, long> _cuts = [];

    /// <summary>URLs with their result.</summary>
    public int Done { get; private set; }

    /// <summary>URLs the progress covers: the batch's total.</summary>
    public int Length => _done.Length;

    public bool IsDone(int index) => _done[index];

    public int Ok => _counts.GetValueOrDefault(ProbeOutcome.Ok.Name());

    /// <summary>Outcomes that are failures, with their counts.</summary>
    public Dictionary<string, int> Failed => _counts.Where(c => c.Key != ProbeOutcome.Ok.Name() && !ProbeOutcomes.IsSkip(c.Key)).ToDictionary();

    /// <summary>Outcomes of URLs not checked (excluded, blocked, cancelled), with their counts.</summary>
    public Dictionary<string, int> Skipped => _counts.Where(c => ProbeOutcomes.IsSkip(c.Key)).ToDictionary();

    /// <summary>What a crawl's bounds cut, from its pages' results.</summary>
    public CrawlCuts Cuts => CrawlCuts.From(_cuts);

    /// <summary>Nothing recorded yet, for <paramref name="total"/> URLs.</summary>
    public void Reset(int total)
    {
        _done = new BitArray(total);
        _counts.Clear();
        _cuts.Clear();
        Done = 0;
    }

    /// <summary>Reads what the store holds for the first <paramref name="total"/> URLs.</summary>
    public async Task LoadAsync(BatchStore store, string batchId, int total)
    {
        _done = await store.ReadDoneAsync(batchId, total);
        Done = 0;
        for (var i = 0; i < total; i++)
        {
            Done += _done[i] ? 1 : 0;
        }

        _counts.Clear();
        _cuts.Clear();
        foreach (var (name, count) in await store.ReadCountsAsync(batchId))
        {
            if (CrawlCuts.Names.Contains(name))
            {
                _cuts[name] = count;
            }
            else
            {
                _counts[name] = count;
            }
        }
    }

    /// <summary>The batch holds more URLs now (a crawl appended some).</summary>
    public void Grow(int total) => _done.Length = total;

    /// <summary>Counts a result the store has just recorded.</summary>
    public void Add(UrlResult result)
    {
        _done[result.Index] = true;
        _counts[result.Outcome] = _counts.GetValueOrDefault(result.Outcome) + 1;
        Done++;
        if (result.Page is { } page)
        {
            foreach (var (name, count) in CrawlCuts.Of(page))
            {
                _cuts[name] = _cuts.GetValueOrDefault(name) + count;
            }
        }
    }
}
