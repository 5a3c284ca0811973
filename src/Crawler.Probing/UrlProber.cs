using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Crawler.Probing.Targets;

namespace Crawler.Probing;

/// <summary>
/// Checks one URL with one HTTP attempt: follows redirects itself (to record the chain and stop loops),
/// reads status and headers only (the body only through <see cref="ProbeOptions.Reader"/>, for fetches), and
/// maps every failure to a <see cref="ProbeOutcome"/>. Every connection, to the first host or to any host a redirect
/// leads to, is made only to addresses its <see cref="AddressGuard"/> allows.
/// Thread-safe; one instance serves a whole process.
/// </summary>
public sealed class UrlProber : IDisposable
{
    private readonly HttpMessageInvoker _client;
    private readonly HttpMessageInvoker _lenientClient;
    private readonly TimeProvider _time;

    public UrlProber(AddressGuard guard, IHostResolver? resolver = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        resolver ??= SystemHostResolver.Instance;
        _client = new HttpMessageInvoker(CreateHandler(guard, resolver, allowInvalidTls: false), disposeHandler: true);
        _lenientClient = new HttpMessageInvoker(CreateHandler(guard, resolver, allowInvalidTls: true), disposeHandler: true);
    }

    public async Task<ProbeResult> ProbeAsync(NormalizedUrl url, ProbeOptions options, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        using var timeout = new CancellationTokenSource(options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        // Where the attempt had got to, so that a failure after a redirect says where it failed and how it got there.
        var current = url;
        var redirects = new List<(string Url, int Status)>();
        ProbingTelemetry.InFlight.Add(1);
        ProbeResult result;
        try
        {
            var headFirst = options.HeadFirst && options.Reader is null;
            result = await FollowAsync(headFirst ? HttpMethod.Head : HttpMethod.Get);

            // Servers that cannot HEAD (405, 501) or answer HEAD unlike GET get a second chance with GET;
            // one that is throttling us (429, 5xx) does not get a second request at once.
            if (headFirst && (result.Outcome is ProbeOutcome.Protocol
                || (result.Outcome is ProbeOutcome.HttpError && (result.Status is 501 || !result.IsThrottling))))
            {
                result = await FollowAsync(HttpMethod.Get);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = Done(ProbeOutcome.Cancelled, current, redirects, null, "cancelled");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            result = Done(ProbeOutcome.Timeout, current, redirects, null, $"no answer within {options.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            var (outcome, reason) = Classify(ex);
            result = Done(outcome, current, redirects, null, reason);
        }
        catch (BodyRejectedException ex)
        {
            result = Done(ProbeOutcome.Rejected, current, redirects, null, ex.Message);
        }
        catch (SlowBodyException ex)
        {
            result = Done(ProbeOutcome.Timeout, current, redirects, null, ex.Message);
        }
        catch (IOException ex) when (options.Reader is not null)
        {
            result = Done(ProbeOutcome.Connection, current, redirects, null, $"the body broke off: {ex.Message}");
        }
        finally
        {
            ProbingTelemetry.InFlight.Add(-1);
        }

        ProbingTelemetry.Attempts.Add(1, new KeyValuePair<string, object?>("outcome", result.Outcome.Name()));
        ProbingTelemetry.Duration.Record(result.Elapsed.TotalSeconds);
        return result;

        async Task<ProbeResult> FollowAsync(HttpMethod method)
        {
            current = url;
            redirects = [];
            var visited = new HashSet<string>(StringComparer.Ordinal) { current.ToString() };
            while (true)
            {
                using var request = Request(method, current, IsSameOrigin(current.Uri, url.Uri), options);
                if (method == HttpMethod.Get)
                {
                    options.Reader?.Prepare(request, current);
                }

                if (redirects.Count == 0)
                {
                    options.Revalidate?.Apply(request); // validators are the URL's own, not those of where it may lead
                }

                using var response = await (options.AllowInvalidTls ? _lenientClient : _client).SendAsync(request, linked.Token);
                var status = (int)response.StatusCode;
                var mayFollow = redirects.Count < options.MaxRedirects;
                var unchanged = status == 304 && options.Revalidate is not null && redirects.Count == 0;
                if (!IsRedirect(status) || response.Headers.Location is not { } location || (!mayFollow && options.Accept.Contains(status)))
                {
                    return (options.Accept.Contains(status) || unchanged
                        ? Done(ProbeOutcome.Ok, current, redirects, status, null) with
                        {
                            Content = options.Reader is { } reader && method == HttpMethod.Get && !unchanged ? await ReadAsync(reader, response, current) : null,
                            Validators = CacheValidators.Of(response) ?? (unchanged ? options.Revalidate : null),
                        }
                        : Done(ProbeOutcome.HttpError, current, redirects, status, $"HTTP {status} {response.ReasonPhrase}".TrimEnd(), RetryAfter(response)))
                        with { Method = method.Method };
                }

                redirects.Add((current.ToString(), status));
                var target = location.IsAbsoluteUri ? location : new Uri(current.Uri, location);
                if (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
                {
                    return Done(ProbeOutcome.InvalidUrl, current, redirects, status, $"redirect to unsupported scheme '{target.Scheme}'");
                }

                if (target.AbsoluteUri.Length > NormalizedUrl.MaxLength)
                {
                    return Done(ProbeOutcome.InvalidUrl, current, redirects, status, $"redirect to a URL longer than {NormalizedUrl.MaxLength} characters");
                }

                var next = NormalizedUrl.From(target);
                if (!visited.Add(next.ToString()))
                {
                    return Done(ProbeOutcome.TooManyRedirects, current, redirects, status, $"redirect loop back to {next}");
                }

                if (!mayFollow)
                {
                    return Done(ProbeOutcome.TooManyRedirects, current, redirects, status, $"more than {options.MaxRedirects} redirects");
                }

                current = next;
            }
        }

        Task<FetchedContent?> ReadAsync(IResponseReader reader, HttpResponseMessage response, NormalizedUrl at)
        {
            response.Content = new PacedContent(response.Content, options.BodyPace, _time);
            return reader.ReadAsync(response, at, linked.Token);
        }

        ProbeResult Done(ProbeOutcome outcome, NormalizedUrl at, IReadOnlyList<(string, int)> redirects, int? status, string? error, TimeSpan? retryAfter = null) =>
            new(outcome, at.ToString(), status, redirects, _time.GetElapsedTime(started), error, retryAfter);
    }

    /// <param name="sameOrigin">
    /// Whether <paramref name="url"/> has the origin of the URL asked for: the batch's headers (cookies, tokens) are that
    /// origin's, and go nowhere else a redirect leads, as browsers and curl do.
    /// </param>
    private static HttpRequestMessage Request(HttpMethod method, NormalizedUrl url, bool sameOrigin, ProbeOptions options)
    {
        var request = new HttpRequestMessage(method, url.Uri);
        var headers = request.Headers;
        headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
        headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        foreach (var (name, value) in sameOrigin ? options.Headers : [])
        {
            headers.TryAddWithoutValidation(name, value);
        }

        // Per request, not per batch: a redirect to another host must not carry this host's credentials.
        if (options.Credentials.FirstOrDefault(c => c.Hosts.Matches(url.Host)) is { Authorization: { } authorization })
        {
            headers.Authorization = authorization;
        }

        return request;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static bool IsSameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && a.Port == b.Port && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase);

    private static bool IsRedirect(int status) => status is 301 or 302 or 303 or 307 or 308;

    private static (ProbeOutcome Outcome, string Reason) Classify(HttpRequestException ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case BlockedAddressException blocked:
                    return (ProbeOutcome.Blocked, blocked.Message);
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

    private static SocketsHttpHandler CreateHandler(AddressGuard guard, IHostResolver resolver, bool allowInvalidTls) => new()
    {
        SslOptions = allowInvalidTls
            ? new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = static (_, _, _, _) => true }
            : new SslClientAuthenticationOptions(),
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
        ConnectCallback = (context, cancellationToken) => ConnectAsync(guard, resolver, context.DnsEndPoint, cancellationToken),
    };

    /// <summary>Resolves the host and connects to the first address that answers among those the guard allows.</summary>
    private static async ValueTask<Stream> ConnectAsync(AddressGuard guard, IHostResolver resolver, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var resolved = await resolver.ResolveAsync(endpoint.Host, cancellationToken);
        var addresses = resolved.Where(a => guard.Refuses(endpoint.Host, a) is null).ToList();
        if (addresses.Count == 0 && resolved.Length > 0)
        {
            throw new BlockedAddressException($"{endpoint.Host} not connected to: {guard.Refuses(endpoint.Host, resolved[0])}");
        }

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

    public void Dispose()
    {
        _client.Dispose();
        _lenientClient.Dispose();
    }
}
