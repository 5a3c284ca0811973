using System.Net;
using System.Net.Sockets;
using Crawler.Store;

namespace Crawler.Testing;

/// <summary>One embedded Garnet for the test run, durable in a temporary folder; each cluster uses its own service id in it.</summary>
public sealed class StoreFixture : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crawler-store-").FullName;
    private readonly EmbeddedGarnet _garnet;

    public StoreFixture()
    {
        _garnet = new EmbeddedGarnet(new StoreOptions
        {
            Address = "127.0.0.1",
            Port = FreePort(),
            DataDirectory = _directory,
            Memory = "128m",
        });
    }

    public string ConnectionString => _garnet.ConnectionString;

    public void Dispose()
    {
        _garnet.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
