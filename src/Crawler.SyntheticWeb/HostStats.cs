using System.Collections.Concurrent;

namespace Crawler.SyntheticWeb;

/// <summary>What one host saw: requests, how many overlapped, when each started. Thread-safe.</summary>
public sealed class HostStats
{
    private readonly ConcurrentQueue<(string Path, long Timestamp)> _starts = new();
    private readonly ConcurrentDictionary<string, int> _byPath = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Path, string Method), int> _byMethod = new();
    private int _inFlight;
    private int _maxInFlight;
    private int _requests;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Requests => Volatile.Read(ref _requests);

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The most requests this host had open at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int RequestsTo(string path) => _byPath.GetValueOrDefault(path);

    /// <summary>Requests to <paramref name="path"/> with <paramref name="method"/> (GET, HEAD).</summary>
    public int RequestsTo(string path, string method) => _byMethod.GetValueOrDefault((path, method));

    /// <summary>Start times (Stopwatch timestamps) of every request, in arrival order.</summary>
    public IReadOnlyList<(string Path, long Timestamp)> Starts => [.. _starts];

    /// <summary>Completes once this host has seen at least <paramref name="count"/> requests.</summary>
    public async Task WaitForRequestsAsync(int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var arrived = Volatile.Read(ref _arrived).Task;
            if (Requests >= count)
            {
                return;
            }

            await arrived.WaitAsync(cancellationToken);
        }
    }

    internal int Begin(string path, string method = "GET")
    {
        _byMethod.AddOrUpdate((path, method), 1, (_, n) => n + 1);
        Interlocked.Increment(ref _requests);
        Interlocked.Exchange(ref _arrived, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        _byPath.AddOrUpdate(path, 1, (_, n) => n + 1);
        _starts.Enqueue((path, TimeProvider.System.GetTimestamp()));
        var now = Interlocked.Increment(ref _inFlight);
        int max;
        while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
        {
        }

        return _byPath[path];
    }

    internal void End() => Interlocked.Decrement(ref _inFlight);
}
