namespace Crawler.Contracts.Primes;

/// <summary>A count job's result line: one partition done, where, when and how fast.</summary>
public sealed record PrimePartitionLine(
    int Partition,
    ulong From,
    ulong To,
    long Count,
    long TwinPairs,
    string Silo,
    double Seconds,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? FinishedAt = null);

/// <summary>A list job's result line: one prime, in increasing order.</summary>
public sealed record PrimeLine(ulong Prime);

/// <summary>An isprime job's result line, in the order the numbers were given.</summary>
public sealed record IsPrimeLine(int Index, ulong Number, bool Prime);
