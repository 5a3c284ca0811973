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

    public static async Task<CrawlerConnection> OpenAsync(ConnectionSettings settings, CancellationToken cancellationToken)
    {
        var embedded = settings.Server is null
            ? await EmbeddedCluster.StartAsync(settings.Downloads, settings.Verbose, settings.Guard, cancellationToken)
            : null;
        // No overall timeout: a result stream stays open as long as its job runs. Each call is cancelled with the command.
        var http = new HttpClient { BaseAddress = embedded?.Address ?? settings.Server, Timeout = Timeout.InfiniteTimeSpan };
        if (settings.ApiKey is { } key)
        {
            http.DefaultRequestHeaders.Add(ApiKeyHeader, key);
        }

        return new CrawlerConnection(http, embedded);
    }

    /// <summary>The header the API reads a key from (besides <c>Authorization: Bearer</c>).</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
        }
    }
}
