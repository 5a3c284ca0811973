using System.Runtime.CompilerServices;

namespace Crawler.Primes;

/// <summary>
/// The segmented mod-30 wheel sieve over the numbers ≥ 7 of a range, one segment at a time. A segment is
/// <see cref="SegmentBytes"/> bytes (each byte 30 numbers, 8 bits; 512 KiB by default: smaller segments lose more to
/// visiting each medium prime per segment, measured with <c>bench/Crawler.Primes.Benchmarks tune</c>); each starts from
/// the pre-sieve patterns (7…53), then small primes cross off an L1-sized chunk at a time, medium primes
/// (≤ <see cref="largeThreshold"/>) the whole segment, both by an unrolled loop per wheel class, and large primes
/// through the <see cref="BucketSieve"/>. Not thread-safe: one per thread.
/// </summary>
internal sealed unsafe class SegmentSieve
{
    public const int DefaultSegmentBytes = 1 << 19;
    public const long DefaultLargeFactor = 8;

    /// <summary>
    /// Small primes (at least 32 multiples in every chunk of <see cref="ChunkBytes"/>) cross off a chunk of the segment at a
    /// time, so that their many scattered writes stay in the L1 cache; medium primes, with a few multiples a chunk, go over
    /// the whole segment at once, as a chunk at a time would cost them more in visits than it saves. Against one pass of
    /// every prime over the segment: π(10^10) 1.19–1.23 s → 1.02–1.05 s on one core (the limit's 2,048–12,000 and chunks
    /// of 16–64 KiB measured; 32 KiB chunks of primes up to 8,192 were best).
    /// </summary>
    public const int ChunkBytes = 1 << 15;

    private const uint SmallPrimeLimit = ChunkBytes / 4;

    private static readonly ulong[] SmallPrimes = [2, 3, 5];

    private readonly byte[] buffer;
    private readonly byte* segment;
    private readonly long largeThreshold;
    private readonly BucketSieve buckets = new();
    private readonly int[] classStarts = new int[9];
    private readonly int[] classSmallEnds = new int[8];
    private SievingPrime[] primes = new SievingPrime[256];
    private uint[] deferred = [];
    private int deferredNext;
    private int deferredEnd;
    private ulong low;
    private ulong high;
    private ulong byteStart;
    private ulong byteEnd;
    private long segmentNumber;
    private int wordCount;

    public SegmentSieve(int segmentBytes = DefaultSegmentBytes, long largeThresholdFactor = DefaultLargeFactor)
    {
        if (segmentBytes < 64 || !System.Numerics.BitOperations.IsPow2(segmentBytes))
        {
            throw new ArgumentOutOfRangeException(nameof(segmentBytes), "A power of two ≥ 64.");
        }

        SegmentBytes = segmentBytes;
        largeThreshold = largeThresholdFactor * segmentBytes;
        buffer = GC.AllocateArray<byte>(segmentBytes + 64, pinned: true);
        segment = (byte*)Unsafe.AsPointer(ref buffer[0]);
    }

    public int SegmentBytes { get; }

    /// <summary>The wheel byte of the current segment's first byte (its numbers start at 30 × this).</summary>
    public ulong SegmentByteBase { get; private set; }

    /// <summary>The current segment as bits, padded with zero bits to whole words.</summary>
    public ReadOnlySpan<ulong> Words => new(segment, wordCount);

    /// <summary>Prepares to sieve [<paramref name="from"/>, <paramref name="to"/>), requiring 7 ≤ from &lt; to.</summary>
    public void Reset(ulong from, ulong to)
    {
        low = from;
        high = to;
        byteStart = from / 30;
        byteEnd = ((to - 1) / 30) + 1;
        segmentNumber = -1;
        var sqrt = (uint)Math.Min(uint.MaxValue, ISqrt(to - 1));
        var all = SievingPrimes.UpTo(sqrt, out var count);
        var first = Array.BinarySearch(all, 0, count, PreSieve.LargestPrime + 1);
        first = first >= 0 ? first : ~first;
        var lowAligned = 30 * byteStart;

        var large = first;
        while (large < count && all[large] <= largeThreshold)
        {
            large++;
        }

        LoadSmall(all.AsSpan(first, large - first), lowAligned);
        buckets.Reset(SegmentBytes, count > 0 ? all[count - 1] : 0);
        deferred = all;
        deferredNext = large;
        deferredEnd = count;
        LoadLarge(lowAligned, 0);
    }

    /// <summary>Sieves the next segment; false when the range is done.</summary>
    // Per-segment code is compiled optimised at once: in a busy silo, where the JIT is rarely quiet, tiered
    // compilation can leave it in tier 0 for the first partitions.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool MoveNext()
    {
        segmentNumber++;
        var byteBase = byteStart + ((ulong)segmentNumber * (ulong)SegmentBytes);
        if (byteBase >= byteEnd)
        {
            return false;
        }

        var length = (int)Math.Min((ulong)SegmentBytes, byteEnd - byteBase);
        SegmentByteBase = byteBase;
        var s = segment;
        PreSieve.Fill(s, byteBase, length);
        if (byteBase <= 1)
        {
            PreSieve.RestoreSmallPrimes(s, byteBase, length);
        }

        SieveSmall(s, length);
        LoadLarge(30 * byteBase, segmentNumber);
        buckets.Sieve(s, segmentNumber, length);

        if (segmentNumber == 0)
        {
            s[0] &= Wheel.BitsAtOrAbove(low - (30 * byteStart));
        }

        if (byteBase + (ulong)length == byteEnd)
        {
            s[length - 1] &= (byte)~Wheel.BitsAtOrAbove(high - (30 * (byteEnd - 1)));
        }

        var words = (length + 7) >> 3;
        new Span<byte>(s + length, (words * 8) - length).Clear();
        wordCount = words;
        return true;
    }

    /// <summary>Every prime in [from, to), including 2, 3 and 5, in ascending order.</summary>
    public IEnumerable<ulong> Enumerate(ulong from, ulong to, CancellationToken cancellation)
    {
        foreach (var small in SmallPrimes)
        {
            if (small >= from && small < to)
            {
                yield return small;
            }
        }

        var start = Math.Max(from, 7);
        if (start >= to)
        {
            yield break;
        }

        Reset(start, to);
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (!MoveNext())
            {
                yield break;
            }

            var byteBase = SegmentByteBase;
            var wordCount = Words.Length;
            for (var w = 0; w < wordCount; w++)
            {
                var word = Words[w];
                while (word != 0)
                {
                    yield return Wheel.Value(byteBase, (w * 64) + System.Numerics.BitOperations.TrailingZeroCount(word));
                    word &= word - 1;
                }
            }
        }
    }

    public static ulong ISqrt(ulong n)
    {
        var r = (ulong)Math.Sqrt(n);
        while (r > 0 && (r > uint.MaxValue || r * r > n))
        {
            r--;
        }

        while (r < uint.MaxValue && (r + 1) * (r + 1) <= n)
        {
            r++;
        }

        return r;
    }

    /// <summary>First multiple p·m ≥ max(p², start) with m coprime to 30: its wheel byte, or null beyond the range.</summary>
    private (ulong Byte, int Phase)? FirstMultiple(ulong p, ulong start)
    {
        var m = Math.Max(p, (start / p) + (start % p == 0 ? 0UL : 1UL));
        while (Wheel.BitOfResidue[(int)(m % 30)] == 255)
        {
            m++;
        }

        var multiple = (UInt128)p * m;
        if (multiple >= (UInt128)byteEnd * 30)
        {
            return null;
        }

        return ((ulong)(multiple / 30), Wheel.BitOfResidue[(int)(m % 30)]);
    }

    private void LoadSmall(ReadOnlySpan<uint> small, ulong lowAligned)
    {
        if (primes.Length < small.Length)
        {
            primes = new SievingPrime[small.Length];
        }

        // Grouped by class so each group runs one specialised loop.
        Span<int> perClass = stackalloc int[8];
        foreach (var p in small)
        {
            perClass[Wheel.ClassOf(p)]++;
        }

        classStarts[0] = 0;
        for (var c = 0; c < 8; c++)
        {
            classStarts[c + 1] = classStarts[c] + perClass[c];
        }

        Span<int> next = stackalloc int[8];
        classStarts.AsSpan(0, 8).CopyTo(next);
        classStarts.AsSpan(0, 8).CopyTo(classSmallEnds);
        foreach (var p in small)
        {
            var first = FirstMultiple(p, lowAligned);
            var entry = first is { } f
                ? new SievingPrime((long)(f.Byte - byteStart), p / 30, f.Phase)
                : new SievingPrime(long.MaxValue / 2, p / 30, 0);
            var @class = Wheel.ClassOf(p);
            primes[next[@class]++] = entry;
            if (p <= SmallPrimeLimit)
            {
                classSmallEnds[@class] = next[@class]; // ascending: a class's small primes come first
            }
        }
    }

    /// <summary>Files the large primes whose first multiple falls within the bucket ring's reach of the current segment.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LoadLarge(ulong segmentLow, long currentSegment)
    {
        // Primes are ascending, so are their squares: once one is out of reach, so are the rest (for now).
        while (deferredNext < deferredEnd)
        {
            ulong p = deferred[deferredNext];
            if (FirstMultiple(p, Math.Max(p * p, segmentLow)) is not { } first)
            {
                deferredNext++;
                continue;
            }

            var index = (long)(first.Byte - byteStart) - (currentSegment * SegmentBytes);
            if (index / SegmentBytes >= buckets.Reach)
            {
                return;
            }

            deferredNext++;
            buckets.Add(currentSegment, index, p / 30, Wheel.ClassOf(p), first.Phase);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SieveSmall(byte* s, int length)
    {
        var all = primes.AsSpan();
        var starts = classStarts;
        var ends = classSmallEnds;
        for (var chunk = 0; chunk < length; chunk += ChunkBytes)
        {
            var c = s + chunk;
            var chunkLength = Math.Min(ChunkBytes, length - chunk);
            CrossOff<Wheel1>.Segment(c, chunkLength, all[starts[0]..ends[0]]);
            CrossOff<Wheel7>.Segment(c, chunkLength, all[starts[1]..ends[1]]);
            CrossOff<Wheel11>.Segment(c, chunkLength, all[starts[2]..ends[2]]);
            CrossOff<Wheel13>.Segment(c, chunkLength, all[starts[3]..ends[3]]);
            CrossOff<Wheel17>.Segment(c, chunkLength, all[starts[4]..ends[4]]);
            CrossOff<Wheel19>.Segment(c, chunkLength, all[starts[5]..ends[5]]);
            CrossOff<Wheel23>.Segment(c, chunkLength, all[starts[6]..ends[6]]);
            CrossOff<Wheel29>.Segment(c, chunkLength, all[starts[7]..ends[7]]);
        }

        CrossOff<Wheel1>.Segment(s, length, all[ends[0]..starts[1]]);
        CrossOff<Wheel7>.Segment(s, length, all[ends[1]..starts[2]]);
        CrossOff<Wheel11>.Segment(s, length, all[ends[2]..starts[3]]);
        CrossOff<Wheel13>.Segment(s, length, all[ends[3]..starts[4]]);
        CrossOff<Wheel17>.Segment(s, length, all[ends[4]..starts[5]]);
        CrossOff<Wheel19>.Segment(s, length, all[ends[5]..starts[6]]);
        CrossOff<Wheel23>.Segment(s, length, all[ends[6]..starts[7]]);
        CrossOff<Wheel29>.Segment(s, length, all[ends[7]..starts[8]]);
    }
}
