using System.Net;
using System.Net.Sockets;

namespace Crawler.Probing;

/// <summary>
/// Turns a host name into addresses for the prober's connections. The one place where names meet the
/// network: tests map names to loopback addresses here, and an address guard would belong here too.
/// </summary>
public interface IHostResolver
{
    /// <exception cref="SocketException">With <see cref="SocketError.HostNotFound"/> when the name does not exist.</exception>
    ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The operating system's resolver.</summary>
public sealed class SystemHostResolver : IHostResolver
{
    public static SystemHostResolver Instance { get; } = new();

    public async ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
}
