namespace Crawler.Primes;

/// <summary>
/// The primes that sieve a range, i.e. those up to √to, kept process-wide and grown on demand: they are computed once
/// and shared by every thread (a published array is never changed).
/// </summary>
internal static class SievingPrimes
{
    private const uint SimpleSieveLimit = 1 << 24;
    private static readonly Lock Gate = new();
    private static volatile Snapshot current = Build(1 << 16);

    /// <summary>An array holding at least every prime ≤ <paramref name="limit"/> in ascending order, and how many those are.</summary>
    public static uint[] UpTo(uint limit, out int count)
    {
        var snapshot = current;
        if (snapshot.Limit < limit)
        {
            lock (Gate)
            {
                snapshot = current;
                if (snapshot.Limit < limit)
                {
                    // Grow geometrically so a growing series of calls does not rebuild every time.
                    var grown = (uint)Math.Min(uint.MaxValue, Math.Max(limit, (ulong)snapshot.Limit * 2));
                    snapshot = Build(grown);
                    current = snapshot;
                }
            }
        }

        var index = Array.BinarySearch(snapshot.Primes, limit);
        count = index >= 0 ? index + 1 : ~index;
        return snapshot.Primes;
    }

    private static Snapshot Build(uint limit) =>
        new(limit, limit <= SimpleSieveLimit ? SimpleSieve(limit) : SegmentedList(limit));

    /// <summary>Odd-only sieve of Eratosthenes, one byte a number: small and obviously right.</summary>
    private static uint[] SimpleSieve(uint limit)
    {
        var composite = new bool[(limit / 2) + 1];
        var primes = new List<uint>((int)(limit / Math.Max(1, Math.Log(limit) - 1.1)) + 16);
        if (limit >= 2)
        {
            primes.Add(2);
        }

        for (ulong n = 3; n <= limit; n += 2)
        {
            if (composite[n / 2])
            {
                continue;
            }

            primes.Add((uint)n);
            for (var multiple = n * n; multiple <= limit; multiple += 2 * n)
            {
                composite[multiple / 2] = true;
            }
        }

        return [.. primes];
    }

    /// <summary>Large limits (√to beyond 2^24, i.e. to beyond 2.8e14) use the segmented sieve, which needs only primes ≤ 2^16 itself.</summary>
    private static uint[] SegmentedList(uint limit)
    {
        var primes = new List<uint>((int)(limit / (Math.Log(limit) - 1.1)) + 16);
        foreach (var prime in new SegmentSieve().Enumerate(0, (ulong)limit + 1, CancellationToken.None))
        {
            primes.Add((uint)prime);
        }

        return [.. primes];
    }

    private sealed record Snapshot(uint Limit, uint[] Primes);
}
