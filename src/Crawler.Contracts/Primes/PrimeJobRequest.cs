namespace Crawler.Contracts.Primes;

/// <summary>
/// A prime job as submitted: <c>{"from": 0, "to": 1e10}</c> counts, <c>{"kind": "list", ...}</c> lists,
/// <c>{"numbers": [...]}</c> asks of each number whether it is prime.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("crawler.primes.prime-job-request")]
public sealed record PrimeJobRequest
{
    /// <summary>Largest <c>to</c> of a job: the engine's sieving primes are those below its square root.</summary>
    public const ulong MaxTo = 10_000_000_000_000_000;

    /// <summary>Widest range a list job may ask for (at most 664,579 primes).</summary>
    public const ulong MaxListWidth = 10_000_000;

    /// <summary>Numbers an isprime job may hold: they are part of its persisted record.</summary>
    public const int MaxNumbers = 100_000;

    public const int MaxPartitions = 10_000;

    /// <summary>Defaults to <c>isprime</c> when <see cref="Numbers"/> is given, else <c>count</c>.</summary>
    [Id(0)] public PrimeJobKind? Kind { get; init; }

    [Id(1)] public ulong? From { get; init; }

    [Id(2)] public ulong? To { get; init; }

    [Id(3)] public IReadOnlyList<ulong>? Numbers { get; init; }

    /// <summary>How many partitions to split the work into; by default sized to the work.</summary>
    [Id(4)] public int? Partitions { get; init; }

    public PrimeJobKind EffectiveKind => Kind ?? (Numbers is not null ? PrimeJobKind.IsPrime : PrimeJobKind.Count);

    /// <summary>What is wrong with the request, by field; empty when it can run.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (EffectiveKind == PrimeJobKind.IsPrime)
        {
            if (Numbers is not { Count: > 0 })
            {
                errors["numbers"] = ["give at least one number"];
            }
            else if (Numbers.Count > MaxNumbers)
            {
                errors["numbers"] = [$"at most {MaxNumbers:N0} numbers a job"];
            }

            if (From is not null || To is not null)
            {
                errors["from"] = ["an isprime job takes numbers, not a range"];
            }
        }
        else
        {
            if (Numbers is not null)
            {
                errors["numbers"] = [$"a {EffectiveKind.ToString().ToLowerInvariant()} job takes a range, not numbers"];
            }

            if (To is null)
            {
                errors["to"] = ["required: the end of the range (exclusive)"];
            }
            else if (To > MaxTo)
            {
                errors["to"] = [$"at most {MaxTo:N0}"];
            }
            else if ((From ?? 0) > To)
            {
                errors["from"] = ["must not be above to"];
            }
            else if (EffectiveKind == PrimeJobKind.List && To - (From ?? 0) > MaxListWidth)
            {
                errors["to"] = [$"a list job covers at most {MaxListWidth:N0} numbers; count a wider range instead"];
            }
        }

        if (Partitions is < 1 or > MaxPartitions)
        {
            errors["partitions"] = [$"between 1 and {MaxPartitions:N0}"];
        }

        return errors;
    }
}
