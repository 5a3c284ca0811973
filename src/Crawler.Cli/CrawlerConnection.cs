namespace Crawler.Cli;

/// <summary>The API a command talks to: the one named by <c>--server</c>, or an embedded cluster started for the command and stopped after it.</summary>
public sealed class CrawlerConnection : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly EmbeddedCluster? _embedded;

    private CrawlerConnection(HttpClient http, EmbeddedCluster? embedded)
    {
        _http = http;
        _embedded = embedded;
        Api = new CrawlerApiClient(http);
    }

    public CrawlerApiClient Api { get; }

    public bool IsEmbedded => _embedded is not null;

    /// <param name="downloads">For an embedded cluster: the folder its downloads go to (null: a temporary one).</param>
    public static async Task<CrawlerConnection> OpenAsync(Uri? server, string? downloads, bool verbose, CancellationToken cancellationToken)
    {
        var embedded = server is null ? await EmbeddedCluster.StartAsync(downloads, verbose, cancellationToken) : null;
        // No overall timeout: a result stream stays open as long as its job runs. Each call is cancelled with the command.
        var http = new HttpClient { BaseAddress = embedded?.Address ?? server, Timeout = Timeout.InfiniteTimeSpan };
        return new CrawlerConnection(http, embedded);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
        }
    }
}
