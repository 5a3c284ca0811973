namespace Crawler.Probing.Targets;

/// <summary>What kind of network an address belongs to, as far as the address guard is concerned.</summary>
public enum AddressCategory
{
    /// <summary>Reachable on the internet: the only kind allowed by default.</summary>
    Public,

    /// <summary>127.0.0.0/8 and ::1: this machine.</summary>
    Loopback,

    /// <summary>RFC 1918 (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10), unique-local (fc00::/7) and site-local (fec0::/10).</summary>
    Private,

    /// <summary>169.254/16 (where cloud metadata services answer) and fe80::/10.</summary>
    LinkLocal,

    /// <summary>
    /// Never a web site: unspecified (0.0.0.0, ::, and the rest of 0/8), multicast, broadcast and 240/4, documentation,
    /// benchmarking and protocol-assignment ranges, discard-only and tunnelling prefixes. Allowed only by an explicit network.
    /// </summary>
    Reserved,
}
