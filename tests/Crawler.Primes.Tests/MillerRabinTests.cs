namespace Crawler.Primes.Tests;

public sealed class MillerRabinTests
{
    [Fact]
    public void AgreesWithTheReferenceSieveBelowAMillion()
    {
        var primes = Reference.Primes(0, 1_000_000).ToHashSet();
        for (ulong n = 0; n < 1_000_000; n++)
        {
            Assert.True(primes.Contains(n) == MillerRabin.IsPrime(n), $"{n}");
        }
    }

    [Theory]
    [InlineData(2047UL)] // strong pseudoprime to base 2
    [InlineData(561UL)] // Carmichael numbers
    [InlineData(41041UL)]
    [InlineData(3215031751UL)] // strong pseudoprime to bases 2, 3, 5, 7
    [InlineData(4759123141UL)] // 48781 · 97561, the limit of bases 2, 7, 61
    [InlineData(3825123056546413051UL)] // strong pseudoprime to bases 2 … 23
    [InlineData(18446744073709551615UL)]
    [InlineData(4294967297UL)] // 641 · 6700417
    [InlineData(18446744030759878681UL)] // (2^32 − 5)²
    [InlineData(1152921515344265237UL)] // 1073741827 · 1073741831, two primes just above 2^30
    public void RejectsComposites(ulong n) => Assert.False(MillerRabin.IsPrime(n));

    [Theory]
    [InlineData(2UL)]
    [InlineData(61UL)]
    [InlineData(4294967291UL)] // largest prime below 2^32
    [InlineData(4294967311UL)] // smallest above
    [InlineData(2305843009213693951UL)] // 2^61 − 1
    [InlineData(18446744073709551557UL)] // largest prime below 2^64
    [InlineData(10000000000000061UL)]
    public void AcceptsPrimes(ulong n) => Assert.True(MillerRabin.IsPrime(n));
}
