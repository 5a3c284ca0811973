namespace Crawler.Primes;

/// <summary>
/// A small or medium sieving prime p = 30·Q + R[class] (its class is implied by the group it is stored in): the next
/// multiple to cross off lies at byte <see cref="Index"/> of the current segment, and its multiplier has residue R[Phase].
/// </summary>
internal struct SievingPrime(long index, uint q, int phase)
{
    public long Index = index;
    public readonly uint Q = q;
    public int Phase = phase;
}
