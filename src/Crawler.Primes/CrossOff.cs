using System.Runtime.CompilerServices;

namespace Crawler.Primes;

/// <summary>
/// Crossing off the multiples of one sieving prime of wheel class <typeparamref name="T"/> in a segment: a checked
/// step-by-step walk to the start of a wheel cycle, then whole cycles of eight multiples (p bytes) unrolled with
/// constant masks, then the checked walk again to the first multiple beyond the segment.
/// </summary>
internal static unsafe class CrossOff<T>
    where T : struct, IWheelClass
{
    /// <summary>Crosses off from byte <paramref name="b"/> (phase <paramref name="phase"/>) and returns the first byte ≥ <paramref name="length"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static nint Run(byte* s, nint length, nint b, nint q, ref int phase)
    {
        switch (phase)
        {
            case 1: goto P1;
            case 2: goto P2;
            case 3: goto P3;
            case 4: goto P4;
            case 5: goto P5;
            case 6: goto P6;
            case 7: goto P7;
            default: goto Cycles;
        }

    Cycles:
        // b is at multiplier residue 1 of a cycle; offsets of the other seven multiples relative to it.
        var p = (30 * q) + T.Residue;
        var o1 = (6 * q) + (T.C1 - T.C0);
        var o2 = (10 * q) + (T.C2 - T.C0);
        var o3 = (12 * q) + (T.C3 - T.C0);
        var o4 = (16 * q) + (T.C4 - T.C0);
        var o5 = (18 * q) + (T.C5 - T.C0);
        var o6 = (22 * q) + (T.C6 - T.C0);
        var o7 = (28 * q) + (T.C7 - T.C0);
        var limit = length - o7;
        while (b < limit)
        {
            var c = s + b;
            c[0] &= T.M0;
            c[o1] &= T.M1;
            c[o2] &= T.M2;
            c[o3] &= T.M3;
            c[o4] &= T.M4;
            c[o5] &= T.M5;
            c[o6] &= T.M6;
            c[o7] &= T.M7;
            b += p;
        }

        if (b >= length) { phase = 0; return b; }
        s[b] &= T.M0;
        b += (6 * q) + (T.C1 - T.C0);
    P1:
        if (b >= length) { phase = 1; return b; }
        s[b] &= T.M1;
        b += (4 * q) + (T.C2 - T.C1);
    P2:
        if (b >= length) { phase = 2; return b; }
        s[b] &= T.M2;
        b += (2 * q) + (T.C3 - T.C2);
    P3:
        if (b >= length) { phase = 3; return b; }
        s[b] &= T.M3;
        b += (4 * q) + (T.C4 - T.C3);
    P4:
        if (b >= length) { phase = 4; return b; }
        s[b] &= T.M4;
        b += (2 * q) + (T.C5 - T.C4);
    P5:
        if (b >= length) { phase = 5; return b; }
        s[b] &= T.M5;
        b += (4 * q) + (T.C6 - T.C5);
    P6:
        if (b >= length) { phase = 6; return b; }
        s[b] &= T.M6;
        b += (6 * q) + (T.C7 - T.C6);
    P7:
        if (b >= length) { phase = 7; return b; }
        s[b] &= T.M7;
        b += (2 * q) + (T.Residue + T.C0 - T.C7);
        goto Cycles;
    }

    /// <summary>Runs every prime of this class over a segment of <paramref name="length"/> bytes and rebases them to the next.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Segment(byte* s, nint length, Span<SievingPrime> primes)
    {
        foreach (ref var prime in primes)
        {
            var b = (nint)prime.Index;
            if (b < length)
            {
                b = Run(s, length, b, (nint)prime.Q, ref prime.Phase);
            }

            prime.Index = b - length;
        }
    }
}
