using System.Net;
using System.Net.Sockets;

namespace Crawler.Probing.Targets;

/// <summary>Tells an address's <see cref="AddressCategory"/>, looking through the IPv6 forms that carry an IPv4 address.</summary>
public static class AddressRanges
{
    private static readonly (IPNetwork Network, AddressCategory Category)[] Ranges =
    [
        (IPNetwork.Parse("127.0.0.0/8"), AddressCategory.Loopback),
        (IPNetwork.Parse("10.0.0.0/8"), AddressCategory.Private),
        (IPNetwork.Parse("172.16.0.0/12"), AddressCategory.Private),
        (IPNetwork.Parse("192.168.0.0/16"), AddressCategory.Private),
        (IPNetwork.Parse("100.64.0.0/10"), AddressCategory.Private),
        (IPNetwork.Parse("169.254.0.0/16"), AddressCategory.LinkLocal),
        (IPNetwork.Parse("0.0.0.0/8"), AddressCategory.Reserved),
        (IPNetwork.Parse("192.0.0.0/24"), AddressCategory.Reserved),
        (IPNetwork.Parse("192.0.2.0/24"), AddressCategory.Reserved),
        (IPNetwork.Parse("198.18.0.0/15"), AddressCategory.Reserved),
        (IPNetwork.Parse("198.51.100.0/24"), AddressCategory.Reserved),
        (IPNetwork.Parse("203.0.113.0/24"), AddressCategory.Reserved),
        (IPNetwork.Parse("224.0.0.0/4"), AddressCategory.Reserved),
        (IPNetwork.Parse("240.0.0.0/4"), AddressCategory.Reserved),
        (IPNetwork.Parse("::1/128"), AddressCategory.Loopback),
        (IPNetwork.Parse("::/128"), AddressCategory.Reserved),
        (IPNetwork.Parse("fc00::/7"), AddressCategory.Private),
        (IPNetwork.Parse("fec0::/10"), AddressCategory.Private),
        (IPNetwork.Parse("fe80::/10"), AddressCategory.LinkLocal),
        (IPNetwork.Parse("ff00::/8"), AddressCategory.Reserved),
        (IPNetwork.Parse("2001:db8::/32"), AddressCategory.Reserved),
        (IPNetwork.Parse("3fff::/20"), AddressCategory.Reserved),
        (IPNetwork.Parse("100::/64"), AddressCategory.Reserved),
        (IPNetwork.Parse("2001::/32"), AddressCategory.Reserved), // Teredo: the tunnel's far end could be anything
        (IPNetwork.Parse("::/96"), AddressCategory.Reserved), // IPv4-compatible, long deprecated
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    public static AddressCategory CategoryOf(IPAddress address)
    {
        var plain = Unwrap(address);
        foreach (var (network, category) in Ranges)
        {
            if (network.Contains(plain))
            {
                return category;
            }
        }

        return AddressCategory.Public;
    }

    /// <summary>
    /// The IPv4 address an IPv6 address stands for where a connection to it reaches that IPv4 host (IPv4-mapped, NAT64's
    /// well-known prefix, 6to4); otherwise the address itself.
    /// </summary>
    public static IPAddress Unwrap(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return SixToFour.Contains(address) ? new IPAddress(bytes.AsSpan(2, 4)) : address;
    }
}
