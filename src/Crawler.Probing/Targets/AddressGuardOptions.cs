namespace Crawler.Probing.Targets;

/// <summary>
/// Which addresses the prober may connect to; bound from the <c>AddressGuard</c> configuration section. The defaults allow
/// public addresses only. Rules, first match wins: <see cref="BlockedNetworks"/>, then <see cref="AllowedHosts"/> and
/// <see cref="AllowedNetworks"/>, then the address's category.
/// </summary>
public sealed class AddressGuardOptions
{
    public const string Section = "AddressGuard";

    public bool AllowLoopback { get; set; }

    public bool AllowPrivate { get; set; }

    public bool AllowLinkLocal { get; set; }

    /// <summary>Networks in CIDR notation (<c>127.0.0.0/8</c>, <c>fd00::/8</c>) allowed whatever their category.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>Host names (<c>intranet.example</c>, <c>*.corp.example</c>) allowed whatever they resolve to, unless blocked by a network.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Networks never connected to, whatever else allows them (a metadata service's address, the store's).</summary>
    public List<string> BlockedNetworks { get; set; } = [];

    /// <summary>A guard that allows everything but reserved addresses: a local tool's, checking the user's own machine and network.</summary>
    public static AddressGuardOptions Local() => new() { AllowLoopback = true, AllowPrivate = true, AllowLinkLocal = true };
}
