using System.Net;
using Crawler.Probing;

namespace Crawler.Crawling;

/// <summary>
/// Which URLs a crawl may visit: http(s) URLs whose host (any port, either scheme) is a seed's, under a seed's
/// registrable domain, or in an explicit list of <see cref="HostPattern"/>s (<c>example.com</c>, <c>*.example.com</c>),
/// and that a <see cref="UrlFilter"/> lets through.
/// </summary>
public sealed class CrawlScope
{
    /// <summary>
    /// Second-level labels under which, in a two-letter country code, names are registered one level deeper
    /// (<c>example.co.uk</c>, <c>example.com.au</c>, <c>example.ac.jp</c>).
    /// </summary>
    public static readonly IReadOnlySet<string> SecondLevelRegistries = new HashSet<string>(["co", "com", "net", "org", "gov", "ac", "edu"], StringComparer.Ordinal);

    private readonly ScopeKind _kind;
    private readonly HashSet<string> _names;
    private readonly HostPattern[] _patterns;
    private readonly UrlFilter _filter;

    public CrawlScope(ScopeKind kind, IEnumerable<Uri> seeds, IEnumerable<HostPattern>? hosts = null, UrlFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        _kind = kind;
        var seedHosts = seeds.Select(HostOf).OfType<string>();
        _names = new HashSet<string>(kind == ScopeKind.SameDomain ? seedHosts.Select(RegistrableDomain) : seedHosts, StringComparer.Ordinal);
        _patterns = kind == ScopeKind.Hosts ? [.. hosts ?? []] : [];
        _filter = filter ?? UrlFilter.All;
    }

    public ScopeKind Kind => _kind;

    public bool InScope(Uri url) => HostOf(url) is { } host && HostInScope(host);

    /// <summary>Why the crawl does not visit the URL (out of scope, or the filter's reason), or null when it does.</summary>
    public string? Rejects(NormalizedUrl url) =>
        InScope(url.Uri) ? _filter.Rejects(url) : $"host {url.Host} is outside the crawl's scope ({_kind})";

    /// <summary>
    /// The part of a host name its owner registered: the last two labels, or the last three when the second-to-last is
    /// one of <see cref="SecondLevelRegistries"/> under a two-letter country code. An IP address or a single label is
    /// its own domain. Without the Public Suffix List this is a rule of thumb: <c>a.github.io</c> and <c>b.github.io</c>
    /// count as one domain, and registries with other second-level names (<c>example.ne.jp</c>) are not known.
    /// </summary>
    public static string RegistrableDomain(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.Trim().TrimEnd('.').ToLowerInvariant();
        if (name.StartsWith('[') || IPAddress.TryParse(name, out _))
        {
            return name;
        }

        var labels = name.Split('.');
        var keep = labels.Length >= 3 && labels[^1].Length == 2 && SecondLevelRegistries.Contains(labels[^2]) ? 3 : 2;
        return string.Join('.', labels.TakeLast(keep));
    }

    private bool HostInScope(string host) => _kind switch
    {
        ScopeKind.SameDomain => _names.Contains(RegistrableDomain(host)),
        ScopeKind.Hosts => _names.Contains(host) || _patterns.Any(p => p.Matches(host)),
        _ => _names.Contains(host),
    };

    private static string? HostOf(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) && url.IdnHost.Length > 0
            ? url.IdnHost.TrimEnd('.').ToLowerInvariant()
            : null;
}
