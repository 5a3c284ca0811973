using System.Net;

namespace Crawler.Probing.Targets;

/// <summary>
/// Decides whether the prober may connect to an address, at connect time: the address checked is the one connected to, so
/// neither a redirect nor a name that resolves differently the second time (DNS rebinding) gets around it.
/// </summary>
public sealed class AddressGuard
{
    private readonly AddressGuardOptions _options;
    private readonly IPNetwork[] _allowedNetworks;
    private readonly IPNetwork[] _blockedNetworks;
    private readonly HostPattern[] _allowedHosts;

    /// <exception cref="FormatException">A network or host pattern of the options cannot be read; the message names it.</exception>
    public AddressGuard(AddressGuardOptions options)
    {
        _options = options;
        _allowedNetworks = [.. options.AllowedNetworks.Select(n => Network(n, nameof(options.AllowedNetworks)))];
        _blockedNetworks = [.. options.BlockedNetworks.Select(n => Network(n, nameof(options.BlockedNetworks)))];
        _allowedHosts = [.. options.AllowedHosts.Select(h => HostPattern.TryParse(h, out var pattern)
            ? pattern!
            : throw new FormatException($"{AddressGuardOptions.Section}:{nameof(options.AllowedHosts)}: '{h}' is not a host, *.host or *"))];
    }

    /// <summary>Public addresses only: the default of a service.</summary>
    public static AddressGuard PublicOnly { get; } = new(new AddressGuardOptions());

    /// <summary>Why <paramref name="address"/>, which <paramref name="host"/> resolved to, may not be connected to; null when it may.</summary>
    public string? Refuses(string host, IPAddress address)
    {
        var plain = AddressRanges.Unwrap(address);
        foreach (var blocked in _blockedNetworks)
        {
            if (blocked.Contains(plain))
            {
                return $"{address} is in the blocked network {blocked}";
            }
        }

        if (_allowedHosts.Any(h => h.Matches(host)) || _allowedNetworks.Any(n => n.Contains(plain)))
        {
            return null;
        }

        var category = AddressRanges.CategoryOf(plain);
        var allowed = category switch
        {
            AddressCategory.Public => true,
            AddressCategory.Loopback => _options.AllowLoopback,
            AddressCategory.Private => _options.AllowPrivate,
            AddressCategory.LinkLocal => _options.AllowLinkLocal,
            _ => false,
        };
        return allowed ? null : $"{address} is a {Describe(category)} address";
    }

    private static string Describe(AddressCategory category) => category switch
    {
        AddressCategory.Loopback => "loopback",
        AddressCategory.Private => "private",
        AddressCategory.LinkLocal => "link-local",
        _ => "reserved",
    };

    private static IPNetwork Network(string text, string setting) =>
        IPNetwork.TryParse(text.Trim(), out var network)
            ? network
            : throw new FormatException($"{AddressGuardOptions.Section}:{setting}: '{text}' is not a network in CIDR notation (10.0.0.0/8, fd00::/8)");
}
