using System.Diagnostics;
using BenchmarkDotNet.Running;
using Crawler.Primes;

// `time <to> [from]`: a plain stopwatch run of Count and Summarize (best of three) for quick comparisons with
// `primesieve <to> -t1 --time`; anything else goes to BenchmarkDotNet.
if (args is ["time", var toText, ..])
{
    var to = (ulong)double.Parse(toText, System.Globalization.CultureInfo.InvariantCulture);
    var from = args.Length > 2 ? (ulong)double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0UL;
    PrimeSieve.Count(0, 1_000_000);
    Time("Count", () => PrimeSieve.Count(from, to).ToString(System.Globalization.CultureInfo.InvariantCulture));
    Time("Summarize", () => PrimeSieve.Summarize(from, to).ToString());
    return;
}

// `tune <to>`: Count over [7, to) with other segment sizes and bucket thresholds, to choose the defaults.
if (args is ["tune", var tuneText, ..])
{
    var to = (ulong)double.Parse(tuneText, System.Globalization.CultureInfo.InvariantCulture);
    var from = args.Length > 2 ? (ulong)double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 7UL;
    foreach (var kib in new[] { 128, 256, 512 })
    {
        foreach (var factor in new[] { 2L, 8L, 32L, 128L })
        {
            var sieve = new SegmentSieve(kib * 1024, factor);
            Time($"{kib,3} KiB ×{factor,-2}", () =>
            {
                sieve.Reset(Math.Max(7, from), to);
                long count = 0;
                while (sieve.MoveNext())
                {
                    foreach (var word in sieve.Words)
                    {
                        count += System.Numerics.BitOperations.PopCount(word);
                    }
                }

                return count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            });
        }
    }

    return;
}

if (args is ["estimate"])
{
    Console.WriteLine(SieveWork.Estimate(0, 10_000_000_000) / 1e9);
    Console.WriteLine(SieveWork.Estimate(1_000_000_000_000, 1_001_000_000_000) / 1e9);
    Console.WriteLine(SieveWork.Estimate(0, 1_000_000_000) / 1e9);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

static void Time(string name, Func<string> run)
{
    var best = TimeSpan.MaxValue;
    var result = "";
    for (var i = 0; i < 3; i++)
    {
        var watch = Stopwatch.StartNew();
        result = run();
        best = watch.Elapsed < best ? watch.Elapsed : best;
    }

    Console.WriteLine($"{name,-10} {best.TotalSeconds,8:F3} s  {result}");
}
