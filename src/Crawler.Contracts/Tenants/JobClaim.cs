namespace Crawler.Contracts.Tenants;

/// <summary>What a job about to start will take from its tenant's limits.</summary>
/// <param name="IsPrimeJob">Whether <paramref name="JobId"/> names a prime job (else a batch): how to ask after it later.</param>
/// <param name="Urls">URLs the job starts with.</param>
/// <param name="PrimeWork">The sieving work of a prime job (<c>SieveWork</c>'s measure).</param>
/// <param name="Downloads">Whether the job downloads (and so needs download allowance left today).</param>
[GenerateSerializer, Immutable]
[Alias("crawler.tenants.job-claim")]
public sealed record JobClaim(
    [property: Id(0)] string JobId,
    [property: Id(1)] bool IsPrimeJob,
    [property: Id(2)] long Urls = 0,
    [property: Id(3)] double PrimeWork = 0,
    [property: Id(4)] bool Downloads = false);
