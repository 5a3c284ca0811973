namespace Crawler.Probing.Scheduling;

/// <summary>
/// Decides which URLs of a batch go to which host next. Each host gets at most <c>perHostWindow</c>
/// outstanding URLs (sent but not yet reported), and the batch at most <c>maxOutstanding</c> in all;
/// free capacity is shared round-robin so one big host cannot starve the rest.
/// Not thread-safe: the batch's grain serialises calls.
/// </summary>
public sealed class DispatchPlanner(int maxOutstanding, int perHostWindow)
{
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Lane> _outstanding = [];
    private readonly List<Lane> _order = [];
    private int _cursor;

    public int Outstanding => _outstanding.Count;

    public int Pending { get; private set; }

    /// <summary>Hosts that hold work of this batch right now.</summary>
    public IEnumerable<string> HostsWithOutstanding => _lanes.Values.Where(l => l.Outstanding.Count > 0).Select(l => l.Host);

    public void Add(string host, int index)
    {
        if (!_lanes.TryGetValue(host, out var lane))
        {
            lane = new Lane(host);
            _lanes.Add(host, lane);
            _order.Add(lane);
        }

        lane.Pending.Enqueue(index);
        Pending++;
    }

    /// <summary>Takes as much pending work as the limits allow and marks it outstanding.</summary>
    public IReadOnlyList<(string Host, IReadOnlyList<int> Indices)> Plan()
    {
        var taken = new Dictionary<Lane, List<int>>();
        var progress = true;
        while (progress && Outstanding < maxOutstanding && Pending > 0)
        {
            progress = false;
            for (var n = 0; n < _order.Count && Outstanding < maxOutstanding; n++)
            {
                var lane = _order[_cursor++ % _order.Count];
                if (lane.Pending.Count == 0 || lane.Outstanding.Count >= perHostWindow)
                {
                    continue;
                }

                var index = lane.Pending.Dequeue();
                Pending--;
                lane.Outstanding.Add(index);
                _outstanding.Add(index, lane);
                if (!taken.TryGetValue(lane, out var list))
                {
                    taken[lane] = list = [];
                }

                list.Add(index);
                progress = true;
            }
        }

        _cursor %= Math.Max(1, _order.Count);
        return [.. taken.Select(t => (t.Key.Host, (IReadOnlyList<int>)t.Value))];
    }

    /// <summary>Marks a URL reported; false if it was not outstanding (a late duplicate).</summary>
    public bool Complete(int index)
    {
        if (!_outstanding.Remove(index, out var lane))
        {
            return false;
        }

        lane.Outstanding.Remove(index);
        return true;
    }

    /// <summary>Puts outstanding URLs back in front of their host's queue: the host lost them or never got them.</summary>
    public int Return(IEnumerable<int> indices)
    {
        var returned = 0;
        foreach (var group in indices.Where(_outstanding.ContainsKey).GroupBy(i => _outstanding[i]))
        {
            var lane = group.Key;
            var back = group.ToList();
            foreach (var index in back)
            {
                _outstanding.Remove(index);
                lane.Outstanding.Remove(index);
            }

            var rest = lane.Pending.ToArray();
            lane.Pending.Clear();
            foreach (var index in back.Concat(rest))
            {
                lane.Pending.Enqueue(index);
            }

            Pending += back.Count;
            returned += back.Count;
        }

        return returned;
    }

    /// <summary>Everything outstanding at <paramref name="host"/> goes back to pending.</summary>
    public int ReturnAll(string host) =>
        _lanes.TryGetValue(host, out var lane) ? Return([.. lane.Outstanding]) : 0;

    private sealed class Lane(string host)
    {
        public string Host { get; } = host;
        public Queue<int> Pending { get; } = new();
        public HashSet<int> Outstanding { get; } = [];
    }
}
