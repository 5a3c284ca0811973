using System.Net;

namespace Crawler.SyntheticWeb.Tests;

/// <summary>The hostile routes are hostile to a body's reader, not to the connection a HEAD leaves behind.</summary>
public sealed class HostileRoutesTests : IAsyncLifetime
{
    private SyntheticWebServer _web = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(1, skip: 44) });

    public ValueTask DisposeAsync() => _web.DisposeAsync();

    [Theory]
    [InlineData("/drip")]
    [InlineData("/endless")]
    public async Task A_head_of_an_endless_body_leaves_its_connection_ready_for_the_next_request(string path)
    {
        // One connection: the GET after the HEAD goes on the connection the HEAD used.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { Timeout = TimeSpan.FromSeconds(30) };

        using (var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, _web.Url(0, path)), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        }

        using var next = await http.GetAsync(_web.Url(0, "/ok"), Cancel);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(1, _web.Stats(0).RequestsTo("/ok"));
    }
}
