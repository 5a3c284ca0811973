namespace Crawler.Probing.Scheduling;

/// <summary>
/// A fixed number of slots shared between jobs (by key) so that none starves another: a slot that frees goes to the
/// waiting job that holds the fewest slots now; among those, to the one that has been given the fewest so far (least
/// attained service: a job that just arrived goes before one that has run for long); then to the longest waiting. A job
/// of ten items arriving beside one of a million gets the next slots, whatever the big one has queued. Within a job, its
/// waiters go in the order they name (by default, the order they came in).
/// Thread-safe.
/// </summary>
public sealed class FairSlots(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private int _free = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));
    private long _arrivals;

    public int Capacity { get; } = capacity;

    public int InUse
    {
        get
        {
            lock (_lock)
            {
                return Capacity - _free;
            }
        }
    }

    /// <summary>Slots <paramref name="key"/> holds now.</summary>
    public int HeldBy(string key)
    {
        lock (_lock)
        {
            return _jobs.TryGetValue(key, out var job) ? job.Held : 0;
        }
    }

    /// <summary>Waits for a slot for <paramref name="key"/>; give it back with <see cref="Release"/>.</summary>
    public Task WaitAsync(string key, CancellationToken cancellationToken = default) => WaitAsync(key, null, cancellationToken);

    /// <summary>
    /// Waits for a slot for <paramref name="key"/>, before the key's waiters of a higher <paramref name="order"/> (null: after
    /// every waiter of the key so far); give it back with <see cref="Release"/>.
    /// </summary>
    public Task WaitAsync(string key, long? order, CancellationToken cancellationToken = default)
    {
        Waiter waiter;
        lock (_lock)
        {
            var job = JobOf(key);
            if (_free > 0 && !_jobs.Values.Any(j => j.Waiting.Count > 0))
            {
                _free--;
                job.Held++;
                job.Granted++;
                return Task.CompletedTask;
            }

            var arrival = _arrivals++;
            waiter = new Waiter(key, arrival);
            job.Waiting.Enqueue(waiter, (order ?? long.MaxValue, arrival));
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Cancellation = cancellationToken.Register(() => Abandon(waiter, cancellationToken));
        }

        return waiter.Granted.Task;
    }

    /// <summary>Gives back a slot of <paramref name="key"/>: it goes to the waiting job holding the fewest.</summary>
    public void Release(string key)
    {
        Waiter? next = null;
        lock (_lock)
        {
            if (_jobs.TryGetValue(key, out var job) && job.Held > 0)
            {
                job.Held--;
                Forget(key, job);
            }

            next = NextWaiter();
            if (next is null)
            {
                _free++;
            }
        }

        next?.Grant();
    }

    /// <summary>
    /// Takes the next waiter (of the job holding the fewest, then given the fewest, then waiting longest) off its queue and
    /// gives it the slot; under the lock.
    /// </summary>
    private Waiter? NextWaiter()
    {
        Job? chosen = null;
        foreach (var job in _jobs.Values)
        {
            if (job.Waiting.Count > 0 && (chosen is null || Before(job, chosen)))
            {
                chosen = job;
            }
        }

        if (chosen is null)
        {
            return null;
        }

        chosen.Held++;
        chosen.Granted++;
        return chosen.Waiting.Dequeue();

        static bool Before(Job a, Job b) =>
            a.Held != b.Held ? a.Held < b.Held
            : a.Granted != b.Granted ? a.Granted < b.Granted
            : a.Waiting.Peek().Arrival < b.Waiting.Peek().Arrival;
    }

    private void Abandon(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_jobs.TryGetValue(waiter.Key, out var job) || !job.Waiting.Remove(waiter, out _, out _))
            {
                return; // granted already: the caller holds the slot
            }

            Forget(waiter.Key, job);
        }

        waiter.Granted.TrySetCanceled(cancellationToken);
    }

    private Job JobOf(string key) => _jobs.TryGetValue(key, out var job) ? job : _jobs[key] = new Job();

    private void Forget(string key, Job job)
    {
        if (job.Held == 0 && job.Waiting.Count == 0)
        {
            _jobs.Remove(key);
        }
    }

    private sealed class Job
    {
        public int Held { get; set; }

        /// <summary>Slots given since the job last had none held or wanted.</summary>
        public long Granted { get; set; }

        /// <summary>By the order the waiter named (none: last), then by arrival.</summary>
        public PriorityQueue<Waiter, (long Order, long Arrival)> Waiting { get; } = new();
    }

    private sealed class Waiter(string key, long arrival)
    {
        public string Key { get; } = key;

        public long Arrival { get; } = arrival;

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Cancellation { get; set; }

        public void Grant()
        {
            Cancellation.Dispose();
            Granted.TrySetResult();
        }
    }
}
