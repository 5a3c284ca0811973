using System.Runtime.CompilerServices;

namespace Crawler.Primes;

/// <summary>
/// Deterministic primality for every 64-bit number: trial division by the primes below 64, then strong probable-prime
/// tests in Montgomery form (no 128-bit division in the loop) to the bases {2, 7, 61} below 4,759,123,141 and the
/// seven bases of Jim Sinclair (2, 325, 9375, 28178, 450775, 9780504, 1795265022) above, which have no common
/// strong pseudoprime below 2^64.
/// </summary>
public static class MillerRabin
{
    private static readonly ulong[] SmallPrimes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61];
    private static readonly ulong[] ThirtyTwoBitBases = [2, 7, 61];
    private static readonly ulong[] SixtyFourBitBases = [2, 325, 9375, 28178, 450775, 9780504, 1795265022];

    public static bool IsPrime(ulong n)
    {
        if (n < 2)
        {
            return false;
        }

        foreach (var p in SmallPrimes)
        {
            if (n % p == 0)
            {
                return n == p;
            }
        }

        if (n < 67 * 67)
        {
            return true;
        }

        var montgomery = new Montgomery(n);
        var bases = n < 4_759_123_141 ? ThirtyTwoBitBases : SixtyFourBitBases;
        foreach (var a in bases)
        {
            if (!montgomery.IsStrongProbablePrime(a))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Arithmetic modulo an odd n on numbers in Montgomery form x·2^64 mod n.</summary>
    private readonly struct Montgomery
    {
        private readonly ulong n;
        private readonly ulong inverse;
        private readonly ulong one;
        private readonly ulong minusOne;
        private readonly ulong r2;

        public Montgomery(ulong n)
        {
            this.n = n;

            // Newton's iteration doubles the correct low bits of n⁻¹ mod 2^64 each step (n·n ≡ 1 mod 8 to start).
            var x = n;
            for (var i = 0; i < 5; i++)
            {
                x *= 2 - (n * x);
            }

            inverse = x;
            one = (ulong)(((UInt128)1 << 64) % n);
            minusOne = n - one;
            r2 = (ulong)((UInt128)one * one % n);
        }

        public bool IsStrongProbablePrime(ulong a)
        {
            a %= n;
            if (a == 0)
            {
                return true;
            }

            var d = n - 1;
            var s = System.Numerics.BitOperations.TrailingZeroCount(d);
            d >>= s;
            var x = Power(Multiply(a, r2), d);
            if (x == one || x == minusOne)
            {
                return true;
            }

            for (var i = 1; i < s; i++)
            {
                x = Multiply(x, x);
                if (x == minusOne)
                {
                    return true;
                }

                if (x == one)
                {
                    return false;
                }
            }

            return false;
        }

        private ulong Power(ulong x, ulong e)
        {
            var result = one;
            while (e != 0)
            {
                if ((e & 1) != 0)
                {
                    result = Multiply(result, x);
                }

                x = Multiply(x, x);
                e >>= 1;
            }

            return result;
        }

        /// <summary>a·b·2^−64 mod n (REDC): with m = lo·n⁻¹, a·b − m·n is divisible by 2^64, so only high halves remain.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private ulong Multiply(ulong a, ulong b)
        {
            var hi = Math.BigMul(a, b, out var lo);
            var m = lo * inverse;
            var mnHi = Math.BigMul(m, n, out _);
            return hi >= mnHi ? hi - mnHi : hi - mnHi + n;
        }
    }
}
