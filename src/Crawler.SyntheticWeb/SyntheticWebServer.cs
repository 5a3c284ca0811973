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
/// <item><c>/flaky/{key}/{failures}</c> 503 for the first <c>failures</c> requests of that key, then 200;
/// <c>/throttle/{key}/{failures}/{seconds}</c> the same with 429 and Retry-After</item>
/// <item><c>/etag/{key}</c> 200 with an ETag and Last-Modified, 304 to a request whose If-None-Match is that ETag</item>
/// <item><c>/no-head</c> 405 to HEAD, 200 to GET; <c>/head-differs</c> 200 to HEAD, 404 to GET; <c>/require-header/{name}/{value}</c> 200 only with that header;
/// <c>/basic/{user}/{password}</c> and <c>/bearer/{token}</c> 401 without those credentials;
/// <c>/require-header-sha256/{name}/{hash}</c> 401 unless the header's value has that SHA-256 (a secret the URL does not show)</item>
/// <item>hostile: <c>/drip</c> a body a byte at a time, <c>/hang-body</c> a body that stops after its first bytes,
/// <c>/lying-length</c> a body shorter than its Content-Length, <c>/reset</c> a connection reset before any answer,
/// <c>/html-image.png</c> HTML served as an image, <c>/any/…</c> 200 for any path (its text: the path as received), <c>/gzip-bomb</c> a small gzip body that inflates to
/// 1 GiB, <c>/huge-headers</c> 1 MiB of headers</item>
/// <item>a crawlable site: <c>/robots.txt</c> and <c>/site/…</c>, pages, images, sitemaps (see <see cref="SiteMap"/>)</item>
/// <item>a page that loads things: <c>/assets/</c> (stylesheets, scripts, images, a frame, CSS <c>url()</c>, a
/// second page loading some again), of which <see cref="BrokenAssets"/> answer 404</item>
/// <item>crawler traps: <c>/trap/</c> links to both; <c>/trap/wide?n=…</c> one 2.4 MB page of 50,000 links, each to
/// itself under another query string (the same body under every URL); <c>/trap/deep/{n}</c> a chain that never ends</item>
/// </list>
/// </summary>
public sealed class SyntheticWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<IPAddress, HostStats> _stats = new();
    private readonly TimeSpan _latency;
    private readonly SiteRoutes _site;

    /// <summary>The paths under <c>/assets/</c> that <c>/assets/</c> and its second page load but that answer 404.</summary>
    public static IReadOnlyList<string> BrokenAssets { get; } = ["/assets/missing.css", "/assets/missing.js", "/assets/gone.png", "/assets/gone-bg.png"];

    /// <summary>The paths under <c>/assets/</c> that the pages load and that answer 200 (pages not included).</summary>
    public static IReadOnlyList<string> GoodAssets { get; } = ["/assets/style.css", "/assets/app.js", "/assets/logo.png", "/assets/bg.png", "/assets/frame.html"];

    private const string AssetsIndex = """
        <!doctype html><html><head>
        <link rel="stylesheet" href="style.css"><link rel="stylesheet" href="missing.css">
        <script src="app.js"></script><script src="missing.js"></script>
        <style>body { background: url(bg.png) }</style>
        </head><body>
        <h1 id="assets">Assets</h1> <a name="legacy"></a>
        <img src="logo.png"> <img src="gone.png"> <iframe src="frame.html"></iframe>
        <a href="page2.html">page 2</a> <a href="page2.html#there">there</a> <a href="page2.html#nowhere">nowhere</a>
        <a href="#assets">up</a> <a href="#lost">lost</a>
        </body></html>
        """;

    private const string AssetsPage2 = """
        <!doctype html><html><head><link rel="stylesheet" href="style.css"></head>
        <body><h2 id="there">There</h2><div style="background: url('gone-bg.png')"></div><img src="logo.png"></body></html>
        """;

    /// <summary>The wide trap's page: 50,000 links to itself under other query strings, about 2.4 MB; made once, on first use.</summary>
    private static readonly Lazy<byte[]> WideTrap = new(() =>
    {
        var page = new System.Text.StringBuilder("<!doctype html><html><head><title>wide</title></head><body>\n");
        for (var i = 0; i < 50_000; i++)
        {
            page.Append(System.Globalization.CultureInfo.InvariantCulture, $"<p><a href=\"/trap/wide?n={i}\">entry number {i}</a></p>\n");
        }

        return System.Text.Encoding.UTF8.GetBytes(page.Append("</body></html>").ToString());
    });

    /// <summary>1 GiB of zeros, gzipped (fastest) to about 4.7 MB; made once, on first use.</summary>
    private static readonly Lazy<byte[]> GzipBomb = new(() =>
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest))
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 1024; i++)
            {
                gzip.Write(zeros);
            }
        }

        return buffer.ToArray();
    });

    private SyntheticWebServer(WebApplication app, TimeSpan latency)
    {
        _app = app;
        _latency = latency;
        _site = new SiteRoutes(() => Site);
    }

    /// <summary>Base URL of each host, in the order of the addresses given.</summary>
    public IReadOnlyList<Uri> Hosts { get; private set; } = [];

    public Uri Url(int host, string pathAndQuery) => new(Hosts[host], pathAndQuery);

    /// <summary>The crawlable site under <c>/site/</c> on every host, with its ground truth; see <see cref="SiteMap"/>.</summary>
    public SiteMap Site { get; private set; } = null!;

    /// <summary>Forgets which cut images were cut: each is cut again on its next GET from byte 0.</summary>
    public void ResetSite() => _site.Reset();

    public HostStats Stats(int host) => _stats.GetOrAdd(IPAddress.Parse(Hosts[host].Host), _ => new HostStats());

    /// <summary>What all hosts together saw.</summary>
    public HostStats Total { get; } = new();

    public static async Task<SyntheticWebServer> StartAsync(SyntheticWebOptions options, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Hostile endpoints never finish by themselves; stopping must not wait for them.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(1));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var certificate = options.Https ? SelfSignedCertificate.Create("synthetic.test") : null;
            foreach (var address in options.Addresses)
            {
                kestrel.Listen(address, options.Port, listen =>
                {
                    if (certificate is not null)
                    {
                        listen.UseHttps(certificate);
                    }
                });
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
        server.Site = new SiteMap(options, server.Hosts);
        return server;
    }

    private void MapRoutes()
    {
        _app.Use(async (context, next) =>
        {
            var stats = _stats.GetOrAdd(context.Connection.LocalIpAddress!.MapToIPv4(), _ => new HostStats());
            stats.Begin(context.Request.Path, context.Request.Method);
            Total.Begin(context.Request.Path, context.Request.Method);
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
            if (HttpMethods.IsHead(context.Request.Method))
            {
                // A HEAD answer ends at its headers: a handler still writing would hold the connection that the
                // client, rightly, reuses for its next request.
                return;
            }

            var chunk = new byte[64 * 1024];
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        var flaky = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        _app.MapMethods("/flaky/{key}/{failures:int}", ["GET", "HEAD"], (string key, int failures) =>
            flaky.AddOrUpdate(key, 1, (_, n) => n + 1) <= failures ? Results.StatusCode(503) : Results.Text("recovered"));
        _app.MapMethods("/throttle/{key}/{failures:int}/{seconds:int}", ["GET", "HEAD"], (string key, int failures, int seconds, HttpContext context) =>
        {
            if (flaky.AddOrUpdate(key, 1, (_, n) => n + 1) > failures)
            {
                return Results.Text("welcome back");
            }

            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.StatusCode(429);
        });
        _app.MapGet("/no-head", () => Results.Text("GET only"));
        _app.MapGet("/head-differs", () => Results.NotFound("gone"));
        _app.MapMethods("/head-differs", ["HEAD"], () => Results.Ok());
        _app.MapMethods("/no-head", ["HEAD"], () => Results.StatusCode(405));
        _app.MapMethods("/etag/{key}", ["GET", "HEAD"], (string key, HttpContext context) =>
        {
            // A page that never changes: it says so with 304 to a request that names its version.
            var tag = $"\"v1-{key}\"";
            context.Response.Headers.ETag = tag;
            context.Response.Headers.LastModified = "Tue, 01 Dec 2026 00:00:00 GMT";
            return context.Request.Headers.IfNoneMatch == tag ? Results.StatusCode(304) : Results.Text($"version 1 of {key}");
        });
        _app.MapMethods("/require-header/{name}/{value}", ["GET", "HEAD"], (string name, string value, HttpContext context) =>
            context.Request.Headers[name] == value ? Results.Text("welcome") : Results.StatusCode(400));
        _app.MapMethods("/require-header-sha256/{name}/{hash}", ["GET", "HEAD"], (string name, string hash, HttpContext context) =>
            context.Request.Headers[name] is [{ } value] && Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value))) == hash
                ? Results.Text("welcome") : Results.StatusCode(401));
        _app.MapMethods("/basic/{user}/{password}", ["GET", "HEAD"], (string user, string password, HttpContext context) =>
            context.Request.Headers.Authorization == "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}"))
                ? Results.Text("welcome") : Results.StatusCode(401));
        _app.MapMethods("/bearer/{token}", ["GET", "HEAD"], (string token, HttpContext context) =>
            context.Request.Headers.Authorization == "Bearer " + token ? Results.Text("welcome") : Results.StatusCode(401));
        _app.MapMethods("/drip", ["GET", "HEAD"], async (HttpContext context) =>
        {
            await context.Response.Body.FlushAsync(context.RequestAborted);
            while (!HttpMethods.IsHead(context.Request.Method) && !context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync("."u8.ToArray(), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(100, context.RequestAborted);
            }
        });
        _app.MapGet("/lying-length", async (HttpContext context) =>
        {
            // Promises a megabyte, sends a few bytes, and hangs up half a second later (a reset at once could overtake
            // the headers, and the client would never see the lie).
            context.Response.ContentType = "text/html";
            context.Response.ContentLength = 1 << 20;
            await context.Response.Body.WriteAsync("<a href=/ok>a start</a>"u8.ToArray(), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(500, context.RequestAborted);
            context.Abort();
        });
        _app.MapGet("/reset", (HttpContext context) => context.Abort()); // the connection reset before any answer
        _app.MapMethods("/any/{**rest}", ["GET", "HEAD"], (HttpContext context) => Results.Text(context.Request.Path + context.Request.QueryString));
        _app.MapGet("/html-image.png", () => Results.Content("<html><body>not an image</body></html>", "image/png"));
        _app.MapGet("/hang-body", async (HttpContext context) =>
        {
            await context.Response.WriteAsync("a start, then nothing", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        _app.MapMethods("/gzip-bomb", ["GET", "HEAD"], async (HttpContext context) =>
        {
            context.Response.ContentType = "text/html";
            context.Response.Headers.ContentEncoding = "gzip";
            await context.Response.Body.WriteAsync(GzipBomb.Value, context.RequestAborted);
        });
        _site.Map(_app);
        _app.MapGet("/assets/", () => Results.Content(AssetsIndex, "text/html"));
        _app.MapGet("/assets/page2.html", () => Results.Content(AssetsPage2, "text/html"));
        _app.MapGet("/assets/frame.html", () => Results.Content("<p>framed</p>", "text/html"));
        foreach (var (name, type) in new[] { ("style.css", "text/css"), ("app.js", "text/javascript"), ("logo.png", "image/png"), ("bg.png", "image/png") })
        {
            _app.MapMethods($"/assets/{name}", ["GET", "HEAD"], () => Results.Text($"/* {name} */", type));
        }

        _app.MapGet("/trap/", () => Results.Content("<a href=\"/trap/wide?n=0\">wide</a> <a href=\"/trap/deep/0\">deep</a>", "text/html"));
        _app.MapGet("/trap/wide", () => Results.Bytes(WideTrap.Value, "text/html"));
        _app.MapGet("/trap/deep/{n:long}", (long n) => Results.Content($"<p>level {n}</p><a href=\"/trap/deep/{n + 1}\">deeper</a>", "text/html"));
        _app.MapMethods("/huge-headers", ["GET", "HEAD"], (HttpContext context) =>
        {
            for (var i = 0; i < 1024; i++)
            {
                context.Response.Headers[$"X-Filler-{i}"] = new string('x', 1_000);
            }

            return Results.Text("too much");
        });
    }

    /// <summary>Completes on Ctrl+C or SIGTERM.</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
