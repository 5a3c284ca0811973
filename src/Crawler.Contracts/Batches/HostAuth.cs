namespace Crawler.Contracts.Batches;

/// <summary>
/// Credentials for the hosts matching <see cref="Host"/> (<c>example.com</c>, <c>*.example.com</c> or <c>*</c>):
/// basic (<see cref="Username"/> and <see cref="Password"/>) or bearer (<see cref="Bearer"/>). Sent only to
/// matching hosts, so a redirect to another host does not carry them.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("crawler.batches.host-auth")]
public sealed record HostAuth
{
    [Id(0)] public string Host { get; set; } = "";
    [Id(1)] public string? Username { get; set; }
    [Id(2)] public string? Password { get; set; }
    [Id(3)] public string? Bearer { get; set; }
}
