using System.Net.Http.Headers;

namespace Crawler.Probing;

/// <summary>How one URL is probed.</summary>
public sealed record ProbeOptions
{
    /// <summary>Time allowed for one attempt, redirects included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxRedirects { get; init; } = 10;

    public string UserAgent { get; init; } = "Crawler/1.0";

    /// <summary>Ask with HEAD, and with GET only when HEAD fails with an HTTP answer (405, 501, any status not accepted).</summary>
    public bool HeadFirst { get; init; }

    /// <summary>Final statuses that make a link good.</summary>
    public StatusRanges Accept { get; init; } = StatusRanges.Success;

    /// <summary>Sent with every request.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>An Authorization header per host pattern, sent only to matching hosts (a redirect elsewhere drops it).</summary>
    public IReadOnlyList<(HostPattern Hosts, AuthenticationHeaderValue Authorization)> Credentials { get; init; } = [];

    /// <summary>Accept any TLS certificate (self-signed, expired, wrong name).</summary>
    public bool AllowInvalidTls { get; init; }

    /// <summary>Reads the body of a good answer (pages, downloads); without one, bodies are never read.</summary>
    public IResponseReader? Reader { get; init; }

    /// <summary>Ask whether the URL changed since these (a 304 then counts as good): a revalidation of a cached result.</summary>
    public CacheValidators? Revalidate { get; init; }

    /// <summary>How fast a body the <see cref="Reader"/> reads must come.</summary>
    public BodyPace BodyPace { get; init; } = BodyPace.Default;
}
