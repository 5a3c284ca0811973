using BenchmarkDotNet.Attributes;

namespace Crawler.Primes.Benchmarks;

/// <summary>The engine on one core: counting and summarising 10^9 numbers low and high, against `primesieve -t1`.</summary>
[MemoryDiagnoser]
public class SieveBenchmarks
{
    private const ulong Billion = 1_000_000_000;
    private const ulong Trillion = 1_000_000_000_000;

    [Benchmark]
    public long Count_0_1e9() => PrimeSieve.Count(0, Billion);

    [Benchmark]
    public RangeSummary Summarize_0_1e9() => PrimeSieve.Summarize(0, Billion);

    [Benchmark]
    public long Count_1e12_plus_1e9() => PrimeSieve.Count(Trillion, Trillion + Billion);

    [Benchmark]
    public RangeSummary Summarize_1e12_plus_1e9() => PrimeSieve.Summarize(Trillion, Trillion + Billion);
}
