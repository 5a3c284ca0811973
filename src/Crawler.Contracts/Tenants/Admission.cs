namespace Crawler.Contracts.Tenants;

/// <summary>A tenant's answer to a job: admitted, or refused with the limit it would break and when to try again.</summary>
/// <param name="Limit">The limit's name as configured (<c>maxRunningJobs</c>, <c>urlsPerDay</c>, ...).</param>
[GenerateSerializer, Immutable]
[Alias("crawler.tenants.admission")]
public sealed record Admission(
    [property: Id(0)] bool Admitted,
    [property: Id(1)] string? Limit = null,
    [property: Id(2)] string? Detail = null,
    [property: Id(3)] TimeSpan? RetryAfter = null)
{
    public static Admission Yes { get; } = new(true);
}
