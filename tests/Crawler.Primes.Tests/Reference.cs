namespace Crawler.Primes.Tests;

/// <summary>Obviously-correct references: a plain sieve of a window, and Lucy Hedgehog's π(n) in O(n^¾).</summary>
internal static class Reference
{
    /// <summary>The primes of [from, to) by crossing off, in one bool array, the multiples of every d ≥ 2 with d² &lt; to.</summary>
    public static List<ulong> Primes(ulong from, ulong to)
    {
        var result = new List<ulong>();
        if (to <= from)
        {
            return result;
        }

        var composite = new bool[to - from];
        for (ulong d = 2; d * d < to; d++)
        {
            var start = Math.Max(d * d, (from + d - 1) / d * d);
            for (var m = start; m < to; m += d)
            {
                composite[m - from] = true;
            }
        }

        for (var n = from; n < to; n++)
        {
            if (n >= 2 && !composite[n - from])
            {
                result.Add(n);
            }
        }

        return result;
    }

    /// <summary>The summary the definition of <see cref="RangeSummary"/> gives for a list of the primes of [from, to).</summary>
    public static RangeSummary Summarize(ulong from, ulong to, IReadOnlyList<ulong> primes)
    {
        if (primes.Count == 0)
        {
            return RangeSummary.Empty(from, to);
        }

        long twins = 0;
        ulong gap = 0;
        ulong? after = null;
        for (var i = 1; i < primes.Count; i++)
        {
            var d = primes[i] - primes[i - 1];
            twins += d == 2 ? 1 : 0;
            if (d > gap)
            {
                gap = d;
                after = primes[i - 1];
            }
        }

        return new RangeSummary(from, to, primes.Count, twins, primes[0], primes[^1], gap, after);
    }

    /// <summary>π(n) by Lucy Hedgehog's method: S(v) = #primes ≤ v for every v = ⌊n/i⌋, sieved prime by prime.</summary>
    public static long PrimePi(ulong n)
    {
        if (n < 2)
        {
            return 0;
        }

        var r = (long)Math.Sqrt(n);
        while ((ulong)(r * r) > n)
        {
            r--;
        }

        while ((ulong)((r + 1) * (r + 1)) <= n)
        {
            r++;
        }

        // small[v] = S(v) for v ≤ r; large[i] = S(n / i) for i ≤ r.
        var small = new long[r + 1];
        var large = new long[r + 1];
        for (long v = 1; v <= r; v++)
        {
            small[v] = v - 1;
            large[v] = (long)(n / (ulong)v) - 1;
        }

        for (long p = 2; p <= r; p++)
        {
            if (small[p] == small[p - 1])
            {
                continue;
            }

            var below = small[p - 1];
            var square = p * p;
            var limit = Math.Min(r, (long)(n / (ulong)square));
            for (long i = 1; i <= limit; i++)
            {
                var d = i * p;
                var sv = d <= r ? large[d] : small[(long)(n / (ulong)d)];
                large[i] -= sv - below;
            }

            for (var v = r; v >= square; v--)
            {
                small[v] -= small[v / p] - below;
            }
        }

        return large[1];
    }
}
