using System.Runtime.CompilerServices;

namespace Crawler.Primes;

/// <summary>
/// Large sieving primes (fewer than about one multiple per segment), after Oliveira e Silva's bucket sieve: each prime
/// waits in the bucket of the segment holding its next multiple, so a segment visits only the primes that hit it.
/// Buckets form a ring indexed by segment number; an entry packs (q, class) and (byte in its segment, phase).
/// </summary>
internal sealed unsafe class BucketSieve
{
    private Bucket[] ring = [];
    private int mask;
    private int shift;
    private long segmentBytes;

    /// <summary>Empties the ring and sizes it for primes up to <paramref name="largestPrime"/>.</summary>
    public void Reset(int segmentBytes, ulong largestPrime)
    {
        this.segmentBytes = segmentBytes;
        shift = System.Numerics.BitOperations.Log2((uint)segmentBytes);

        // The byte step between two multiples is below p/5 + 8, so a prime is never more than that many bytes ahead.
        var reach = (long)((largestPrime / 5) + 8) / segmentBytes + 2;
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, reach));
        if (ring.Length < size)
        {
            var grown = new Bucket[size];
            for (var i = 0; i < grown.Length; i++)
            {
                grown[i] = i < ring.Length ? ring[i] : new Bucket();
            }

            ring = grown;
        }

        foreach (var bucket in ring)
        {
            bucket.Count = 0;
        }

        mask = size - 1;
    }

    /// <summary>How many segments ahead an entry can be placed.</summary>
    public long Reach => mask + 1;

    /// <summary>Adds prime 30q + R[class] whose next multiple is at byte <paramref name="index"/> (≥ 0) from the start of segment <paramref name="segment"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long segment, long index, ulong q, int @class, int phase)
    {
        var target = segment + (index >> shift);
        var within = (ulong)(index & (segmentBytes - 1));
        ring[(int)(target & mask)].Push((((q << 3) | (uint)@class) << 32) | (within << 3) | (uint)phase);
    }

    /// <summary>Crosses off the multiples in segment <paramref name="segment"/> (of <paramref name="length"/> bytes) and files each prime under its next segment.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Sieve(byte* s, long segment, long length)
    {
        var bucket = ring[(int)(segment & mask)];
        var count = bucket.Count;
        var entries = bucket.Entries;
        ref var masks = ref Wheel.Masks[0];
        ref var constants = ref Wheel.StepConstants[0];
        ref var steps = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(Wheel.MultiplierSteps);
        for (var i = 0; i < count; i++)
        {
            var entry = entries[i];
            var high = entry >> 32;
            var q = high >> 3;
            var @class = (int)(high & 7) << 3;
            var index = (long)((uint)entry >> 3);
            var phase = (int)(entry & 7);
            while (index < length)
            {
                s[index] &= Unsafe.Add(ref masks, @class + phase);
                index += (long)(q * Unsafe.Add(ref steps, phase)) + Unsafe.Add(ref constants, @class + phase);
                phase = (phase + 1) & 7;
            }

            index -= segmentBytes;
            var target = segment + 1 + (index >> shift);
            var within = (ulong)(index & (segmentBytes - 1));
            ring[(int)(target & mask)].Push((high << 32) | (within << 3) | (uint)phase);
        }

        bucket.Count = 0;
    }

    private sealed class Bucket
    {
        public ulong[] Entries = new ulong[64];
        public int Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Push(ulong entry)
        {
            if (Count == Entries.Length)
            {
                Array.Resize(ref Entries, Entries.Length * 2);
            }

            Entries[Count++] = entry;
        }
    }
}
