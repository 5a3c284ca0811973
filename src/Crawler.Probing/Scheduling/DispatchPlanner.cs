namespace Crawler.Probing.Scheduling;

/// <summary>
/// Decides which URLs of a batch go to which host, so that the batch never has more than
/// <c>maxConcurrency</c> requests in flight and no host more than <c>perHostConcurrency</c>, while every
/// host working for the batch has URLs queued ahead of its next free slot.
/// <para>
/// Each host working for the batch holds a <em>share</em>: the requests it may run for the batch at once.
/// Shares add up to at most <c>maxConcurrency</c>, and a host is sent up to <c>prefetch × share</c> URLs, so it
/// never waits for the batch to send more; it is topped up once a whole share's worth has room, so each
/// message carries several URLs. Shares are even (at most <c>perHostConcurrency</c>); a host above the even
/// share while another waits below it is cut back, and the part cut becomes free only once that host has no
/// more outstanding than its new share, so the sum holds at every moment, not just on average. A host that
/// asked for a pause gets nothing and gives its share back until the pause ends, so it holds no capacity
/// other hosts could use; so does a URL that must wait (its server's Retry-After): it is not outstanding while it waits,
/// and joins the front of its host's queue when its time comes.
/// Not thread-safe: the batch's grain serialises calls.
/// </para>
/// </summary>
/// <param name="hostLimit">A host's own limit where the batch sets one (its settings for that host), instead of <c>perHostConcurrency</c>.</param>
public sealed class DispatchPlanner(int maxConcurrency, int perHostConcurrency, TimeProvider time, int prefetch = 3, Func<string, int>? hostLimit = null)
{
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Lane> _outstanding = [];
    private readonly List<Lane> _order = [];
    private int _cursor;
    private int _sharesInUse;

    public int Outstanding => _outstanding.Count;

    public int Pending { get; private set; }

    /// <summary>Requests the batch may have in flight right now, summed over its hosts.</summary>
    public int SharesInUse => _sharesInUse;

    /// <summary>Hosts that hold work of this batch right now.</summary>
    public IEnumerable<string> HostsWithOutstanding => _lanes.Values.Where(l => l.Outstanding.Count > 0).Select(l => l.Host);

    public void Add(string host, int index)
    {
        if (!_lanes.TryGetValue(host, out var lane))
        {
            lane = new Lane(host) { Limit = hostLimit?.Invoke(host) ?? perHostConcurrency };
            _lanes.Add(host, lane);
            _order.Add(lane);
        }

        lane.Pending.Enqueue((index, time.GetUtcNow()));
        Pending++;
    }

    /// <summary>
    /// Hands out shares and URLs as the limits allow and marks the URLs outstanding. An assignment may carry
    /// no URLs when only its host's share changed: the host must still be told.
    /// </summary>
    public IReadOnlyList<Assignment> Plan()
    {
        var now = time.GetUtcNow();
        foreach (var lane in _order)
        {
            lane.ReleaseDue(now);
            if (lane.Releasing > 0 && lane.Outstanding.Count <= lane.Share)
            {
                _sharesInUse -= lane.Releasing;
                lane.Releasing = 0;
            }

            if (lane.Share > 0 && lane.Outstanding.Count == 0 && (lane.Pending.Count == 0 || lane.PausedUntil > now))
            {
                _sharesInUse -= lane.Share + lane.Releasing;
                lane.Share = lane.Releasing = 0;
            }
        }

        var working = _order.Count(l => (l.Pending.Count > 0 && !(l.PausedUntil > now)) || l.Outstanding.Count > 0);
        // An even share of the batch's limit, within each host's own limit.
        var even = Math.Max(1, maxConcurrency / Math.Max(1, working));
        int Target(Lane lane) => Math.Clamp(even, 1, lane.Limit);
        if (_order.Any(l => l.Pending.Count > 0 && l.Share < Target(l) && !(l.PausedUntil > now)))
        {
            foreach (var lane in _order.Where(l => l.Share > Target(l)))
            {
                lane.Releasing += lane.Share - Target(lane);
                lane.Share = Target(lane);
            }
        }

        var start = _cursor;
        for (var n = 0; n < _order.Count && _sharesInUse < maxConcurrency; n++)
        {
            var lane = _order[(start + n) % _order.Count];
            if (lane.Pending.Count == 0 || lane.Share >= Target(lane) || lane.PausedUntil > now)
            {
                continue;
            }

            var grant = Math.Min(Target(lane) - lane.Share, maxConcurrency - _sharesInUse);
            lane.Share += grant;
            _sharesInUse += grant;
            _cursor = (start + n + 1) % _order.Count; // who waits longest is served first next time
        }

        var plan = new List<Assignment>();
        foreach (var lane in _order.Where(l => l.Share > 0 && !(l.PausedUntil > now)))
        {
            var room = Math.Min((prefetch * lane.Share) - lane.Outstanding.Count, lane.Pending.Count);
            if (room < lane.Share && room < lane.Pending.Count)
            {
                room = 0; // not worth a message yet
            }

            var indices = new List<int>(Math.Max(0, room));
            var waited = new List<double>(Math.Max(0, room));
            for (var i = 0; i < room; i++)
            {
                var (index, ready) = lane.Pending.Dequeue();
                waited.Add(Math.Max(0, (now - ready).TotalMilliseconds));
                lane.Outstanding.Add(index);
                _outstanding.Add(index, lane);
                indices.Add(index);
            }

            Pending -= indices.Count;
            if (indices.Count > 0 || lane.Share != lane.SentShare)
            {
                lane.SentShare = lane.Share;
                plan.Add(new Assignment(lane.Host, lane.Share, indices) { WaitedMs = waited });
            }
        }

        return plan;
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

            // Ready again now, or when the host's pause ends (the pause is a Retry-After, not the batch's limit).
            var now = time.GetUtcNow();
            var ready = lane.PausedUntil > now ? lane.PausedUntil.Value : now;
            var rest = lane.Pending.ToArray();
            lane.Pending.Clear();
            foreach (var entry in back.Select(index => (index, ready)).Concat(rest))
            {
                lane.Pending.Enqueue(entry);
            }

            // The host may be a new incarnation that knows nothing of our share: tell it again.
            lane.SentShare = 0;
            Pending += back.Count;
            returned += back.Count;
        }

        return returned;
    }

    /// <summary>
    /// Outstanding URLs their host could not run yet go back to the batch until <paramref name="until"/>: meanwhile they
    /// hold none of the host's share, and then they go first.
    /// </summary>
    public void Park(IEnumerable<int> indices, DateTimeOffset until)
    {
        foreach (var index in indices)
        {
            if (_outstanding.Remove(index, out var lane))
            {
                lane.Outstanding.Remove(index);
                lane.Waiting.Enqueue(index, until);
                Pending++;
            }
        }
    }

    /// <summary>Sends nothing more to <paramref name="host"/> before <paramref name="until"/>.</summary>
    public void Pause(string host, DateTimeOffset until)
    {
        if (_lanes.TryGetValue(host, out var lane) && !(lane.PausedUntil >= until))
        {
            lane.PausedUntil = until;
        }
    }

    /// <summary>The earliest end of a pause still running, if any: when to plan again.</summary>
    public DateTimeOffset? NextResume
    {
        get
        {
            var now = time.GetUtcNow();
            var paused = _order.Where(l => l.PausedUntil > now && l.Pending.Count > 0).Min(l => l.PausedUntil);
            var waiting = _order.Where(l => l.Waiting.Count > 0).Min(l => l.Waiting.TryPeek(out _, out var until) ? until : (DateTimeOffset?)null);
            return paused is null ? waiting : waiting is null ? paused : paused < waiting ? paused : waiting;
        }
    }

    /// <summary>Everything outstanding at <paramref name="host"/> goes back to pending.</summary>
    public int ReturnAll(string host) =>
        _lanes.TryGetValue(host, out var lane) ? Return([.. lane.Outstanding]) : 0;

    /// <summary>URLs for a host, and how many of the batch's requests it may run at once.</summary>
    public sealed record Assignment(string Host, int Share, IReadOnlyList<int> Indices)
    {
        /// <summary>How long each URL (in the order of <see cref="Indices"/>) waited here, ready, for its host's share.</summary>
        public IReadOnlyList<double> WaitedMs { get; init; } = [];
    }

    private sealed class Lane(string host)
    {
        public string Host { get; } = host;

        /// <summary>Requests of the batch this host may run at once.</summary>
        public int Limit { get; init; }

        /// <summary>URLs to send, each with the moment it was ready to go (for what waiting for a share cost it).</summary>
        public Queue<(int Index, DateTimeOffset Ready)> Pending { get; } = new();
        public HashSet<int> Outstanding { get; } = [];
        public int Share { get; set; }

        /// <summary>Cut from the share but still counted, until the host's outstanding URLs fit the new share.</summary>
        public int Releasing { get; set; }

        public int SentShare { get; set; }
        public DateTimeOffset? PausedUntil { get; set; }

        /// <summary>URLs that may not be asked again before their time (parked), earliest first.</summary>
        public PriorityQueue<int, DateTimeOffset> Waiting { get; } = new();

        /// <summary>Puts the parked URLs whose time has come at the front of the queue.</summary>
        public void ReleaseDue(DateTimeOffset now)
        {
            if (!Waiting.TryPeek(out _, out var first) || first > now)
            {
                return;
            }

            var due = new List<(int, DateTimeOffset)>();
            while (Waiting.TryPeek(out var index, out var until) && until <= now)
            {
                due.Add((Waiting.Dequeue(), until));
            }

            var rest = Pending.ToArray();
            Pending.Clear();
            foreach (var entry in due.Concat(rest))
            {
                Pending.Enqueue(entry);
            }
        }
    }
}
