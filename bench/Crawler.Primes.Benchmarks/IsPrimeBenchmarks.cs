using BenchmarkDotNet.Attributes;

namespace Crawler.Primes.Benchmarks;

/// <summary>Deterministic Miller–Rabin on 1024 random odd 64-bit numbers and on 1024 64-bit primes (the worst case: every base runs).</summary>
[MemoryDiagnoser]
public class IsPrimeBenchmarks
{
    private readonly ulong[] random = new ulong[1024];
    private readonly ulong[] primes = new ulong[1024];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        for (var i = 0; i < random.Length; i++)
        {
            random[i] = (ulong)rng.NextInt64() | (1UL << 63) | 1;
        }

        var found = 0;
        for (var n = ulong.MaxValue; found < primes.Length; n -= 2)
        {
            if (MillerRabin.IsPrime(n))
            {
                primes[found++] = n;
            }
        }
    }

    [Benchmark(OperationsPerInvoke = 1024)]
    public int IsPrime_Random64()
    {
        var count = 0;
        foreach (var n in random)
        {
            count += MillerRabin.IsPrime(n) ? 1 : 0;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = 1024)]
    public int IsPrime_Primes64()
    {
        var count = 0;
        foreach (var n in primes)
        {
            count += MillerRabin.IsPrime(n) ? 1 : 0;
        }

        return count;
    }
}
