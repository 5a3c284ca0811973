using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Crawler.Primes;

/// <summary>
/// Pre-sieving: the multiples of 7…53 repeat with period ∏p in wheel bytes, so each segment starts as the AND of four
/// precomputed patterns (17 KB, 12 KB, 46 KB, 105 KB — together L2-resident) instead of crossing those primes off.
/// The first sieving prime is then 59. The patterns also clear the primes 7…53 themselves; <see cref="RestoreSmallPrimes"/>
/// puts them back in the segment that starts at 0.
/// </summary>
internal static unsafe class PreSieve
{
    public const uint LargestPrime = 53;

    private static readonly Pattern[] Patterns = [new([7, 11, 13, 17]), new([19, 23, 29]), new([31, 37, 41]), new([43, 47, 53])];

    /// <summary>Fills <paramref name="length"/> bytes at <paramref name="destination"/> for wheel bytes from <paramref name="byteBase"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(byte* destination, ulong byteBase, int length)
    {
        Pattern p0 = Patterns[0], p1 = Patterns[1], p2 = Patterns[2], p3 = Patterns[3];
        var o0 = (int)(byteBase % (ulong)p0.Period);
        var o1 = (int)(byteBase % (ulong)p1.Period);
        var o2 = (int)(byteBase % (ulong)p2.Period);
        var o3 = (int)(byteBase % (ulong)p3.Period);
        var done = 0;
        while (done < length)
        {
            var run = Math.Min(Math.Min(length - done, p0.Period - o0), Math.Min(Math.Min(p1.Period - o1, p2.Period - o2), p3.Period - o3));
            And4(destination + done, p0.Bytes + o0, p1.Bytes + o1, p2.Bytes + o2, p3.Bytes + o3, run);
            done += run;
            o0 = Advance(o0, run, p0.Period);
            o1 = Advance(o1, run, p1.Period);
            o2 = Advance(o2, run, p2.Period);
            o3 = Advance(o3, run, p3.Period);
        }
    }

    /// <summary>Sets the bits of 7…53 and clears the bit of 1 (wheel bytes 0 and 1) if the segment holds them.</summary>
    public static void RestoreSmallPrimes(byte* segment, ulong byteBase, int length)
    {
        // Byte 0: 7, 11, 13, 17, 19, 23, 29 (not 1). Byte 1: 31, 37, 41, 43, 47, 53 (not 49; 59 is untouched).
        if (byteBase == 0)
        {
            segment[0] = 0b1111_1110;
            if (length > 1)
            {
                segment[1] |= 0b0101_1111;
            }
        }
        else if (byteBase == 1)
        {
            segment[0] |= 0b0101_1111;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Advance(int offset, int run, int period)
    {
        offset += run;
        return offset == period ? 0 : offset;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void And4(byte* d, byte* a, byte* b, byte* c, byte* e, int n)
    {
        var i = 0;
        for (; i + 32 <= n; i += 32)
        {
            var v = Vector256.Load(a + i) & Vector256.Load(b + i) & Vector256.Load(c + i) & Vector256.Load(e + i);
            v.Store(d + i);
        }

        for (; i < n; i++)
        {
            d[i] = (byte)(a[i] & b[i] & c[i] & e[i]);
        }
    }

    private sealed class Pattern
    {
        public Pattern(int[] primes)
        {
            Period = primes.Aggregate(1, (product, p) => product * p);
            var storage = GC.AllocateArray<byte>(Period, pinned: true);
            for (var j = 0; j < Period; j++)
            {
                var bits = 0;
                for (var k = 0; k < 8; k++)
                {
                    var n = (30L * j) + Wheel.Residues[k];
                    if (!primes.Any(p => n % p == 0))
                    {
                        bits |= 1 << k;
                    }
                }

                storage[j] = (byte)bits;
            }

            Storage = storage;
            Bytes = (byte*)Unsafe.AsPointer(ref storage[0]);
        }

        public int Period { get; }

        public byte* Bytes { get; }

        // Keeps the pinned array alive for Bytes.
        private byte[] Storage { get; }
    }
}
