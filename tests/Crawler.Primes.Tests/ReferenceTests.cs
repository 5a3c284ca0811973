namespace Crawler.Primes.Tests;

public sealed class ReferenceTests
{
    [Fact]
    public void ReferenceSieveMatchesTrialDivision()
    {
        static bool IsPrime(ulong n)
        {
            if (n < 2)
            {
                return false;
            }

            for (ulong d = 2; d * d <= n; d++)
            {
                if (n % d == 0)
                {
                    return false;
                }
            }

            return true;
        }

        Assert.Equal(Enumerable.Range(0, 5000).Select(n => (ulong)n).Where(IsPrime), Reference.Primes(0, 5000));
        Assert.Equal(Enumerable.Range(1_000_000, 3000).Select(n => (ulong)n).Where(IsPrime), Reference.Primes(1_000_000, 1_003_000));
    }

    [Fact]
    public void LucyMatchesTheReferenceSieve()
    {
        for (ulong n = 0; n < 2000; n += 37)
        {
            Assert.Equal(Reference.Primes(0, n + 1).Count, Reference.PrimePi(n));
        }

        Assert.Equal(78498, Reference.PrimePi(1_000_000));
    }
}
