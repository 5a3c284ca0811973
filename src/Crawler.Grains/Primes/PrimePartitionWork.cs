using Crawler.Contracts.Primes;

namespace Crawler.Grains.Primes;

/// <summary>
/// One partition of a prime job: the range [<paramref name="From"/>, <paramref name="To"/>) to count or
/// list, or the <paramref name="Numbers"/> to test. <paramref name="TraceParent"/>: the job's trace.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("crawler.primes.prime-partition-work")]
public sealed record PrimePartitionWork(
    [property: Id(0)] string JobId,
    [property: Id(1)] int Index,
    [property: Id(2)] PrimeJobKind Kind,
    [property: Id(3)] ulong From,
    [property: Id(4)] ulong To,
    [property: Id(5)] IReadOnlyList<ulong>? Numbers,
    [property: Id(6)] string? TraceParent);

/// <summary>
/// What a partition found: the <paramref name="Summary"/> of its range (count and list jobs), its primes
/// (list jobs) or one answer per number (isprime jobs), where it ran and how long it computed (not counting
/// its wait for a sieve worker).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("crawler.primes.prime-partition-result")]
public sealed record PrimePartitionResult(
    [property: Id(0)] int Index,
    [property: Id(1)] PrimeSummary? Summary,
    [property: Id(2)] IReadOnlyList<ulong>? Primes,
    [property: Id(3)] IReadOnlyList<bool>? Answers,
    [property: Id(4)] string Silo,
    [property: Id(5)] double Seconds,
    [property: Id(6)] DateTimeOffset StartedAt = default,
    [property: Id(7)] DateTimeOffset FinishedAt = default);

/// <summary>
/// A partition grain's answer to being asked to run: its result once it has one; <paramref name="Started"/>
/// when this call started the work (asked again after the job had started it, that means it is computed again).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("crawler.primes.prime-partition-reply")]
public sealed record PrimePartitionReply(
    [property: Id(0)] bool Started,
    [property: Id(1)] PrimePartitionResult? Result);
