using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace Crawler.SyntheticWeb;

/// <summary>
/// Serves the <see cref="SiteMap"/>'s resources: <c>/robots.txt</c> and everything under <c>/site/</c>, GET and
/// HEAD. Holds the one piece of state the site has: which cut-image URLs were already cut (per server, resettable).
/// </summary>
internal sealed class SiteRoutes(Func<SiteMap?> site)
{
    private static readonly string LastModified = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).ToString("R", CultureInfo.InvariantCulture);
    private static readonly byte[] NotFoundHtml = Encoding.UTF8.GetBytes("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1></body></html>\n");
    private readonly ConcurrentDictionary<string, byte> _cut = new(StringComparer.Ordinal);

    /// <summary>Every cut image will be cut again on its next GET from byte 0.</summary>
    public void Reset() => _cut.Clear();

    public void Map(IEndpointRouteBuilder app)
    {
        string[] methods = ["GET", "HEAD"];
        var handler = new RequestDelegate(HandleAsync);
        app.MapMethods("/robots.txt", methods, handler);
        app.MapMethods("/site", methods, handler);
        app.MapMethods("/site/{**rest}", methods, handler);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var map = site();
        var host = map?.HostOf(context.Connection.LocalIpAddress!) ?? -1;
        if (map is null || host < 0)
        {
            // Only while the server starts (the site needs the bound ports), or on an address that is no host.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var response = context.Response;
        switch (map.Lookup(host, context.Request.Path.Value ?? "/"))
        {
            case SiteResource.Page page:
                await WriteAsync(context, 200, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(page.Content.Html));
                break;
            case SiteResource.Redirect redirect:
                response.StatusCode = redirect.Status;
                response.Headers.Location = redirect.Location;
                response.ContentLength = 0;
                break;
            case SiteResource.Text text:
                await WriteAsync(context, 200, text.ContentType, Encoding.UTF8.GetBytes(text.Body));
                break;
            case SiteResource.Sitemap sitemap:
                await WriteAsync(context, 200, "application/xml; charset=utf-8", Encoding.UTF8.GetBytes(sitemap.Xml));
                break;
            case SiteResource.Image image:
                await ServeImageAsync(context, host, image);
                break;
            default:
                await WriteAsync(context, 404, "text/html; charset=utf-8", NotFoundHtml);
                break;
        }
    }

    /// <summary>
    /// Sends the response's head and the first <paramref name="count"/> bytes of the body, then ends the
    /// connection the way a dying server does. On plain HTTP/1.1 both go straight to the socket, then FIN: the
    /// client reads every byte sent and sees the body end early, at a known place. (Kestrel's flush does not wait
    /// for the socket, and an abort sends RST, which loses whatever the client had not read yet.) Otherwise
    /// (TLS, HTTP/2) through Kestrel, then an abort a moment later.
    /// </summary>
    private static async Task CutAsync(HttpContext context, SiteImageContent content, long count)
    {
        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
        if (socket is null || context.Request.IsHttps || !HttpProtocol.IsHttp11(context.Request.Protocol))
        {
            await content.WriteAsync(context.Response.Body, 0, count, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(200, context.RequestAborted);
            context.Abort();
            return;
        }

        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {context.Response.StatusCode} {ReasonPhrases.GetReasonPhrase(context.Response.StatusCode)}\r\n");
        foreach (var (name, values) in context.Response.Headers)
        {
            foreach (var value in values)
            {
                head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            }
        }

        head.Append("Connection: close\r\n\r\n");
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(head.ToString()), context.RequestAborted);
            var buffer = new byte[64 * 1024];
            for (long sent = 0; sent < count;)
            {
                var chunk = (int)Math.Min(buffer.Length, count - sent);
                content.Fill(sent, buffer.AsSpan(0, chunk));
                for (var offset = 0; offset < chunk;)
                {
                    offset += await socket.SendAsync(buffer.AsMemory(offset, chunk - offset), context.RequestAborted);
                }

                sent += chunk;
            }

            socket.Shutdown(SocketShutdown.Send);
            // Until the client has read it all and hung up (or has had long enough to).
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        context.Abort();
    }

    private static async Task WriteAsync(HttpContext context, int status, string contentType, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    private async Task ServeImageAsync(HttpContext context, int host, SiteResource.Image image)
    {
        var content = image.Content;
        var request = context.Request;
        var response = context.Response;
        response.ContentType = image.ContentType;
        response.Headers.ETag = content.ETag;
        response.Headers.LastModified = LastModified;
        response.Headers.AcceptRanges = "bytes";
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0 && (ifNoneMatch.Trim() == "*" || ifNoneMatch.Split(',', StringSplitOptions.TrimEntries).Contains(content.ETag)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var rangeHeader = request.Headers.Range.ToString();
        var ifRange = request.Headers.IfRange.ToString();
        if (ifRange.Length > 0 && ifRange != content.ETag && ifRange != LastModified)
        {
            rangeHeader = null; // The client holds another version: it gets the whole of this one.
        }

        var range = ByteRange.Parse(rangeHeader, content.Length);
        if (range.Kind == ByteRange.Kinds.Unsatisfiable)
        {
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            response.Headers.ContentRange = $"bytes */{content.Length}";
            response.ContentLength = 0;
            return;
        }

        if (range.Kind == ByteRange.Kinds.Partial)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {range.Start}-{range.End}/{content.Length}";
        }

        response.ContentLength = range.Count;
        if (HttpMethods.IsHead(request.Method))
        {
            return;
        }

        try
        {
            if (image.CutFirst && range.Start == 0 && _cut.TryAdd($"{host}|{request.Path}{request.QueryString}", 0))
            {
                // Half the bytes, then the connection drops: the client holds a prefix it can resume from.
                await CutAsync(context, content, Math.Min(range.Count, content.Length / 2));
                return;
            }

            await content.WriteAsync(response.Body, range.Start, range.Count, context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (as it does from the huge image).
        }
    }
}
