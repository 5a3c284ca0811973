namespace Crawler.Crawling;

/// <summary>
/// The bytes of crawled pages a silo holds at once, read and being parsed. A page reserves what it may take before its
/// body is read and gives it back once parsed; when the budget is spent the next page waits its turn (first come, first
/// served). With the page size cap this bounds a silo's memory for crawling, whatever the pages hold. Thread-safe.
/// </summary>
public sealed class PageBudget(long bytes)
{
    public const long DefaultBytes = 256L * 1024 * 1024;

    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _waiting = [];
    private long _free = bytes;

    public long Bytes { get; } = bytes;

    /// <summary>Bytes reserved now.</summary>
    public long InUse
    {
        get
        {
            lock (_lock)
            {
                return Bytes - _free;
            }
        }
    }

    /// <summary>Reserves <paramref name="wanted"/> bytes (at most the whole budget), waiting for them if need be.</summary>
    public async ValueTask<Reservation> ReserveAsync(long wanted, CancellationToken cancellationToken)
    {
        wanted = Math.Clamp(wanted, 0, Bytes);
        Waiter waiter;
        lock (_lock)
        {
            if (_waiting.Count == 0 && _free >= wanted)
            {
                _free -= wanted;
                return Reserved(wanted);
            }

            waiter = new Waiter(wanted);
            _waiting.AddLast(waiter.Node = new LinkedListNode<Waiter>(waiter));
        }

        CrawlingTelemetry.PagesWaitingForMemory.Add(1);
        try
        {
            await using (cancellationToken.Register(() => Abandon(waiter)))
            {
                await waiter.Granted.Task;
            }

            return Reserved(wanted);
        }
        finally
        {
            CrawlingTelemetry.PagesWaitingForMemory.Add(-1);
        }
    }

    private Reservation Reserved(long wanted)
    {
        CrawlingTelemetry.PageBytesReserved.Add(wanted);
        return new Reservation(this, wanted);
    }

    private void Abandon(Waiter waiter)
    {
        List<Waiter> granted;
        lock (_lock)
        {
            if (waiter.Granted.Task.IsCompleted)
            {
                return; // granted meanwhile: the caller gets it and gives it back
            }

            _waiting.Remove(waiter.Node!);
            granted = TakeGrantable(); // those behind it may fit now
        }

        waiter.Granted.TrySetCanceled();
        Grant(granted);
    }

    private void Release(long given)
    {
        CrawlingTelemetry.PageBytesReserved.Add(-given);
        List<Waiter> granted;
        lock (_lock)
        {
            _free += given;
            granted = TakeGrantable();
        }

        Grant(granted);
    }

    private List<Waiter> TakeGrantable()
    {
        List<Waiter> granted = [];
        while (_waiting.First is { Value: var next } && _free >= next.Wanted)
        {
            _free -= next.Wanted;
            _waiting.RemoveFirst();
            granted.Add(next);
        }

        return granted;
    }

    private static void Grant(List<Waiter> granted)
    {
        foreach (var waiter in granted)
        {
            waiter.Granted.TrySetResult();
        }
    }

    /// <summary>Bytes held until disposed.</summary>
    public sealed class Reservation(PageBudget budget, long bytes) : IDisposable
    {
        private int _released;

        public long Bytes => bytes;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                budget.Release(bytes);
            }
        }
    }

    private sealed class Waiter(long wanted)
    {
        public long Wanted { get; } = wanted;

        public LinkedListNode<Waiter>? Node { get; set; }

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
