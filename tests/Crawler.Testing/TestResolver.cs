using System.Net;
using System.Net.Sockets;
using Crawler.Probing;

namespace Crawler.Testing;

/// <summary>
/// The silos' resolver in tests: <c>good.test</c> is 127.0.0.12 (the first host of the grains' BatchTests),
/// IP literals are themselves, and every other name does not exist. No lookup leaves the machine.
/// </summary>
public sealed class TestResolver : IHostResolver
{
    public const string KnownName = "good.test";

    public ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out var literal) ? new([literal])
        : host == KnownName ? new([IPAddress.Parse("127.0.0.12")])
        : throw new SocketException((int)SocketError.HostNotFound);
}
