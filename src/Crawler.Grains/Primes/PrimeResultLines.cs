using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Primes;

namespace Crawler.Grains.Primes;

/// <summary>
/// A prime job's result stream, from its partitions' results: a count job's line per partition in the order they
/// finished; a list job's primes and an isprime job's answers in order, so only those of the partitions done from the
/// first on (the run of finished partitions from partition 0, kept with the line each ends at).
/// </summary>
internal sealed class PrimeResultLines(PrimeJobRecord job)
{
    private readonly PrimePartitionResult?[] _byIndex = new PrimePartitionResult?[job.Partitions.Count];
    private readonly List<long> _prefixLines = [];
    private int _prefix;

    private PrimeJobKind Kind => job.Request.EffectiveKind;

    /// <summary>The partitions without a result.</summary>
    public IEnumerable<int> Missing => Enumerable.Range(0, _byIndex.Length).Where(i => _byIndex[i] is null);

    public bool Has(int index) => index >= 0 && index < _byIndex.Length && _byIndex[index] is not null;

    /// <summary>Lines readable now.</summary>
    public long Available => Kind == PrimeJobKind.Count ? job.Done.Count : _prefixLines.Count > 0 ? _prefixLines[^1] : 0;

    /// <summary>Files a partition's result (already in the job's record) and extends the run of partitions done from the first.</summary>
    public void Add(PrimePartitionResult result)
    {
        _byIndex[result.Index] = result;
        while (_prefix < _byIndex.Length && _byIndex[_prefix] is { } next)
        {
            _prefixLines.Add((_prefixLines.Count > 0 ? _prefixLines[^1] : 0) + LineCount(next));
            _prefix++;
        }
    }

    /// <summary>The summary of the whole range, once every partition has its result.</summary>
    public PrimeSummary Summary() => PrimeSummaries.Combine(_byIndex.Select(r => r!.Summary!));

    /// <summary>Up to <paramref name="max"/> lines from line <paramref name="from"/>, as JSON.</summary>
    public List<string> Read(long from, int max)
    {
        var lines = new List<string>();
        if (Kind == PrimeJobKind.Count)
        {
            for (var i = from; i < job.Done.Count && lines.Count < max; i++)
            {
                var done = job.Done[(int)i];
                var range = job.Partitions[done.Index];
                lines.Add(JsonSerializer.Serialize(
                    new PrimePartitionLine(done.Index, range.From, range.To, done.Summary?.Count ?? 0, done.Summary?.TwinPairs ?? 0, done.Silo, done.Seconds, done.StartedAt, done.FinishedAt),
                    CrawlerJson.Default.PrimePartitionLine));
            }

            return lines;
        }

        var partition = _prefixLines.BinarySearch(from);
        partition = partition >= 0 ? partition + 1 : ~partition;
        var position = from;
        while (partition < _prefix && lines.Count < max)
        {
            var result = _byIndex[partition]!;
            var start = partition == 0 ? 0 : _prefixLines[partition - 1];
            var first = (int)job.Partitions[partition].From;
            for (var offset = (int)(position - start); offset < LineCount(result) && lines.Count < max; offset++, position++)
            {
                lines.Add(Kind == PrimeJobKind.List
                    ? JsonSerializer.Serialize(new PrimeLine(result.Primes![offset]), CrawlerJson.Default.PrimeLine)
                    : JsonSerializer.Serialize(new IsPrimeLine(first + offset, job.Request.Numbers![first + offset], result.Answers![offset]), CrawlerJson.Default.IsPrimeLine));
            }

            partition++;
        }

        return lines;
    }

    private long LineCount(PrimePartitionResult result) => Kind switch
    {
        PrimeJobKind.List => result.Primes?.Count ?? 0,
        PrimeJobKind.IsPrime => result.Answers?.Count ?? 0,
        _ => 1,
    };
}
