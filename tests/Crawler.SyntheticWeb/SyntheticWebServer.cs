using System.Collections.Concurrent;
using System.Net;

namespace Crawler.SyntheticWeb;

/// <summary>
/// Kestrel on several loopback addresses, each a "host" with its own <see cref="HostStats"/>. Routes:
/// <list type="bullet">
/// <item><c>/ok</c> 200; <c>/status/{code}</c> that status</item>
/// <item><c>/redirect/{n}</c> a chain of n redirects ending at 200; <c>/loop</c> a redirect loop;
/// <c>/redirect-to?url=</c> one redirect anywhere</item>
/// <item><c>/hang</c> accepts and never answers; <c>/slow/{ms}</c> answers after ms; <c>/endless</c> a body that never ends</item>
/// <item><c>/flaky/{key}/{failures}</c> 503 for the first <c>failures</c> requests of that key, then 200</item>
/// </list>
/// </summary>
public sealed class SyntheticWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<IPAddress, HostStats> _stats = new();
    private readonly TimeSpan _latency;

    private SyntheticWebServer(WebApplication app, TimeSpan latency)
    {
        _app = app;
        _latency = latency;
    }

    /// <summary>Base URL of each host, in the order of the addresses given.</summary>
    public IReadOnlyList<Uri> Hosts { get; private set; } = [];

    public Uri Url(int host, string pathAndQuery) => new(Hosts[host], pathAndQuery);

    public HostStats Stats(int host) => _stats.GetOrAdd(IPAddress.Parse(Hosts[host].Host), _ => new HostStats());

    /// <summary>What all hosts together saw.</summary>
    public HostStats Total { get; } = new();

    public static async Task<SyntheticWebServer> StartAsync(SyntheticWebOptions options, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var address in options.Addresses)
            {
                kestrel.Listen(address, options.Port);
            }

            kestrel.Limits.MaxConcurrentConnections = null;
            kestrel.AddServerHeader = false;
        });

        var app = builder.Build();
        var server = new SyntheticWebServer(app, options.Latency);
        server.MapRoutes();
        await app.StartAsync(cancellationToken);
        var bound = app.Urls.Select(a => new Uri(a)).ToList();
        server.Hosts = [.. options.Addresses.Select(address => bound.First(u => IPAddress.Parse(u.Host).Equals(address)))];
        return server;
    }

    private void MapRoutes()
    {
        _app.Use(async (context, next) =>
        {
            var stats = _stats.GetOrAdd(context.Connection.LocalIpAddress!.MapToIPv4(), _ => new HostStats());
            stats.Begin(context.Request.Path);
            Total.Begin(context.Request.Path);
            try
            {
                if (_latency > TimeSpan.Zero)
                {
                    await Task.Delay(_latency, context.RequestAborted);
                }

                await next(context);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client gave up, as checkers of hanging servers do.
            }
            finally
            {
                stats.End();
                Total.End();
            }
        });

        _app.MapMethods("/ok", ["GET", "HEAD"], () => Results.Text("ok"));
        _app.MapMethods("/status/{code:int}", ["GET", "HEAD"], (int code) => Results.StatusCode(code));
        _app.MapMethods("/redirect/{n:int}", ["GET", "HEAD"], (int n) =>
            n <= 0 ? Results.Text("arrived") : Results.Redirect($"/redirect/{n - 1}"));
        _app.MapMethods("/loop", ["GET", "HEAD"], () => Results.Redirect("/loop-back"));
        _app.MapMethods("/loop-back", ["GET", "HEAD"], () => Results.Redirect("/loop"));
        _app.MapMethods("/redirect-to", ["GET", "HEAD"], (string url) => Results.Redirect(url));
        _app.MapMethods("/hang", ["GET", "HEAD"], async (HttpContext context) =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        _app.MapMethods("/slow/{ms:int}", ["GET", "HEAD"], async (int ms, HttpContext context) =>
        {
            await Task.Delay(ms, context.RequestAborted);
            return Results.Text("slow");
        });
        _app.MapMethods("/endless", ["GET", "HEAD"], async (HttpContext context) =>
        {
            context.Response.ContentType = "application/octet-stream";
            var chunk = new byte[64 * 1024];
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        var flaky = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        _app.MapMethods("/flaky/{key}/{failures:int}", ["GET", "HEAD"], (string key, int failures) =>
            flaky.AddOrUpdate(key, 1, (_, n) => n + 1) <= failures ? Results.StatusCode(503) : Results.Text("recovered"));
    }

    /// <summary>Completes on Ctrl+C or SIGTERM.</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
