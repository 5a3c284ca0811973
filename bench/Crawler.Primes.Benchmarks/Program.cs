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

// `split <to> <parts>`: Summarize over SieveWork.Split's partitions one after another, each timed against its
// estimate, to see what splitting costs and how well the estimates balance the parts.
if (args is ["split", var splitText, var partsText])
{
    var to = (ulong)double.Parse(splitText, System.Globalization.CultureInfo.InvariantCulture);
    var parts = SieveWork.Split(0, to, int.Parse(partsText, System.Globalization.CultureInfo.InvariantCulture));
    PrimeSieve.Count(0, 1_000_000);
    Time("whole", () => PrimeSieve.Summarize(0, to).Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    Time("parts", () => parts.Sum(p => PrimeSieve.Summarize(p.From, p.To).Count).ToString(System.Globalization.CultureInfo.InvariantCulture));
    foreach (var (from, end) in parts)
    {
        var watch = Stopwatch.StartNew();
        PrimeSieve.Summarize(from, end);
        Console.WriteLine($"[{from:E3}, {end:E3})  {watch.Elapsed.TotalSeconds:F3} s  estimate {SieveWork.Estimate(from, end) / 1e9:F3} s");
    }

    return;
}

// `pool <to> <parts> <workers>`: the parts on thread-pool threads, WORKERS at once, as a silo's sieve workers run them.
if (args is ["pool", var poolText, var poolParts, var workersText])
{
    var to = (ulong)double.Parse(poolText, System.Globalization.CultureInfo.InvariantCulture);
    var parts = SieveWork.Split(0, to, int.Parse(poolParts, System.Globalization.CultureInfo.InvariantCulture));
    using var slots = new SemaphoreSlim(int.Parse(workersText, System.Globalization.CultureInfo.InvariantCulture));
    for (var round = 0; round < 3; round++)
    {
        var watch = Stopwatch.StartNew();
        var seconds = await Task.WhenAll(parts.Select(async p =>
        {
            await slots.WaitAsync();
            try
            {
                return await Task.Run(() =>
                {
                    var one = Stopwatch.StartNew();
                    PrimeSieve.Summarize(p.From, p.To);
                    return one.Elapsed.TotalSeconds;
                });
            }
            finally
            {
                slots.Release();
            }
        }));
        Console.WriteLine($"wall {watch.Elapsed.TotalSeconds:F3} s, parts {seconds.Sum():F3} s (max {seconds.Max():F3})");
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
