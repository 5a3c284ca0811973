using Crawler.Probing.Targets;
using Crawler.SyntheticWeb;

namespace Crawler.Cli.Tests;

/// <summary>
/// A running Crawler for the <c>--server</c> tests (the CLI's own embedded cluster, here serving other clients over
/// HTTP as a remote one would) and a synthetic web of three loopback hosts to check.
/// </summary>
public sealed class CliServerFixture : IAsyncLifetime
{
    public EmbeddedCluster Server { get; private set; } = null!;

    public SyntheticWebServer Web { get; private set; } = null!;

    public DirectoryInfo Downloads { get; } = Directory.CreateTempSubdirectory("crawler-cli-server-");

    public string Url(int host, string path) => Web.Url(host, path).ToString();

    public async ValueTask InitializeAsync()
    {
        Web = await SyntheticWebServer.StartAsync(
            new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(3, skip: 200), SitePages = 12, SiteImages = 6 },
            TestContext.Current.CancellationToken);
        Server = await EmbeddedCluster.StartAsync(Downloads.FullName, verbose: false, AddressGuardOptions.Local(), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Web.DisposeAsync();
        Downloads.Delete(recursive: true);
    }
}
