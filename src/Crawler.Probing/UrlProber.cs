using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Crawler.Probing;

/// <summary>
/// Checks one URL with one HTTP attempt: follows redirects itself (to record the chain and stop loops),
/// reads status and headers only, never the body, and maps every failure to a <see cref="ProbeOutcome"/>.
/// Thread-safe; one instance serves a whole process.
/// </summary>
public sealed class UrlProber : IDisposable
{
    private readonly HttpMessageInvoker _client;
    private readonly TimeProvider _time;

    public UrlProber(IHostResolver? resolver = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _client = new HttpMessageInvoker(CreateHandler(resolver ?? SystemHostResolver.Instance), disposeHandler: true);
    }

    public async Task<ProbeResult> ProbeAsync(NormalizedUrl url, ProbeOptions options, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var redirects = new List<(string Url, int Status)>();
        var current = url;
        using var timeout = new CancellationTokenSource(options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        ProbingTelemetry.InFlight.Add(1);
        ProbeResult result;
        try
        {
            result = await FollowAsync();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = Done(ProbeOutcome.Cancelled, null, "cancelled");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            result = Done(ProbeOutcome.Timeout, null, $"no answer within {options.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            var (outcome, reason) = Classify(ex);
            result = Done(outcome, null, reason);
        }
        finally
        {
            ProbingTelemetry.InFlight.Add(-1);
        }

        ProbingTelemetry.Attempts.Add(1, new KeyValuePair<string, object?>("outcome", result.Outcome.Name()));
        ProbingTelemetry.Duration.Record(result.Elapsed.TotalSeconds);
        return result;

        async Task<ProbeResult> FollowAsync()
        {
            var visited = new HashSet<string>(StringComparer.Ordinal) { current.ToString() };
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, current.Uri);
                request.Headers.UserAgent.Clear();
                request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
                using var response = await _client.SendAsync(request, linked.Token);
                var status = (int)response.StatusCode;
                if (!IsRedirect(status) || response.Headers.Location is not { } location)
                {
                    return status is >= 200 and < 300
                        ? Done(ProbeOutcome.Ok, status, null)
                        : Done(ProbeOutcome.HttpError, status, $"HTTP {status} {response.ReasonPhrase}".TrimEnd());
                }

                redirects.Add((current.ToString(), status));
                var target = location.IsAbsoluteUri ? location : new Uri(current.Uri, location);
                if (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
                {
                    return Done(ProbeOutcome.InvalidUrl, status, $"redirect to unsupported scheme '{target.Scheme}'");
                }

                current = NormalizedUrl.From(target);
                if (!visited.Add(current.ToString()))
                {
                    return Done(ProbeOutcome.TooManyRedirects, status, $"redirect loop back to {current}");
                }

                if (redirects.Count > options.MaxRedirects)
                {
                    return Done(ProbeOutcome.TooManyRedirects, status, $"more than {options.MaxRedirects} redirects");
                }
            }
        }

        ProbeResult Done(ProbeOutcome outcome, int? status, string? error) =>
            new(outcome, current.ToString(), status, redirects, _time.GetElapsedTime(started), error);
    }

    private static bool IsRedirect(int status) => status is 301 or 302 or 303 or 307 or 308;

    private static (ProbeOutcome Outcome, string Reason) Classify(HttpRequestException ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return (ProbeOutcome.Dns, "host name not found");
                case SocketException socket:
                    return (ProbeOutcome.Connection, socket.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => "connection refused",
                        SocketError.ConnectionReset => "connection reset",
                        SocketError.TimedOut => "connection timed out",
                        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "host unreachable",
                        var code => $"socket error {code}",
                    });
                case AuthenticationException auth:
                    return (ProbeOutcome.Tls, $"TLS handshake failed: {auth.Message}");
            }
        }

        return ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => (ProbeOutcome.Dns, "host name not found"),
            HttpRequestError.SecureConnectionError => (ProbeOutcome.Tls, "TLS handshake failed"),
            HttpRequestError.ConfigurationLimitExceeded => (ProbeOutcome.Protocol, "response broke a limit (headers too large)"),
            HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError => (ProbeOutcome.Protocol, "invalid HTTP response"),
            HttpRequestError.ResponseEnded => (ProbeOutcome.Connection, "server closed the connection before answering"),
            _ => (ProbeOutcome.Connection, ex.Message),
        };
    }

    private static SocketsHttpHandler CreateHandler(IHostResolver resolver) => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        MaxResponseHeadersLength = 64, // KiB: a server sending more is broken or hostile.
        // Bodies are never read; draining a little keeps the connection reusable, a lot is not worth it.
        MaxResponseDrainSize = 64 * 1024,
        ResponseDrainTimeout = TimeSpan.FromMilliseconds(500),
        // No trace headers to the sites checked (they are not ours to tell) and no HttpClient span per
        // request: the host grain's "probe" span is the client span, one per attempt.
        ActivityHeadersPropagator = null,
        ConnectCallback = (context, cancellationToken) => ConnectAsync(resolver, context.DnsEndPoint, cancellationToken),
    };

    private static async ValueTask<Stream> ConnectAsync(IHostResolver resolver, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var addresses = await resolver.ResolveAsync(endpoint.Host, cancellationToken);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    public void Dispose() => _client.Dispose();
}
