namespace Crawler.SyntheticWeb;

/// <summary>
/// SplitMix64: a small, fast, deterministic generator. Seeded from a list of keys, so that every page and
/// every image draws its own stream from the site's seed, whatever order they are asked for in.
/// </summary>
internal struct SiteRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15;
    private ulong _state;

    public SiteRandom(params ReadOnlySpan<long> keys)
    {
        var state = Golden;
        foreach (var key in keys)
        {
            state = Mix(state ^ (ulong)key) + Golden;
        }

        _state = state;
    }

    public ulong NextUInt64()
    {
        _state += Golden;
        return Mix(_state);
    }

    /// <summary>A number in [0, <paramref name="max"/>).</summary>
    public int Next(int max) => max <= 1 ? 0 : (int)(NextUInt64() % (ulong)max);

    /// <summary>The finaliser of SplitMix64: every output bit depends on every input bit.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
