using Crawler.Probing;

namespace Crawler.Crawling.Tests;

public sealed class CrawlScopeTests
{
    private static readonly Uri[] Seeds = [new("http://www.example.co.uk/start"), new("http://127.0.0.2:8090/")];

    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("www.example.com", "example.com")]
    [InlineData("a.b.c.example.com.", "example.com")]
    [InlineData("WWW.Example.CO.UK", "example.co.uk")]
    [InlineData("shop.example.com.au", "example.com.au")]
    [InlineData("lab.example.ac.jp", "example.ac.jp")]
    [InlineData("example.co.uk", "example.co.uk")]
    [InlineData("co.uk", "co.uk")]
    [InlineData("www.example.co", "example.co")]
    [InlineData("news.co.example", "co.example")]
    [InlineData("www.example.ne.jp", "ne.jp")]
    [InlineData("localhost", "localhost")]
    [InlineData("127.0.0.2", "127.0.0.2")]
    [InlineData("[::1]", "[::1]")]
    public void The_registrable_domain_follows_the_compact_rule(string host, string domain) =>
        Assert.Equal(domain, CrawlScope.RegistrableDomain(host));

    [Theory]
    [InlineData(ScopeKind.SameHost, "http://www.example.co.uk/other", true)]
    [InlineData(ScopeKind.SameHost, "https://WWW.EXAMPLE.CO.UK:8443/x", true)]
    [InlineData(ScopeKind.SameHost, "http://127.0.0.2:9999/x", true)]
    [InlineData(ScopeKind.SameHost, "http://example.co.uk/", false)]
    [InlineData(ScopeKind.SameHost, "http://images.example.co.uk/", false)]
    [InlineData(ScopeKind.SameHost, "http://127.0.0.3:8090/", false)]
    [InlineData(ScopeKind.SameHost, "ftp://www.example.co.uk/", false)]
    [InlineData(ScopeKind.SameDomain, "http://example.co.uk/", true)]
    [InlineData(ScopeKind.SameDomain, "http://images.example.co.uk/a.png", true)]
    [InlineData(ScopeKind.SameDomain, "http://other.co.uk/", false)]
    [InlineData(ScopeKind.SameDomain, "http://example.com/", false)]
    [InlineData(ScopeKind.SameDomain, "http://127.0.0.2/", true)]
    [InlineData(ScopeKind.SameDomain, "http://127.0.0.3/", false)]
    [InlineData(ScopeKind.Hosts, "http://www.example.co.uk/", true)]
    [InlineData(ScopeKind.Hosts, "http://cdn.example.net/", true)]
    [InlineData(ScopeKind.Hosts, "http://a.b.static.example.org/", true)]
    [InlineData(ScopeKind.Hosts, "http://static.example.org/", false)]
    [InlineData(ScopeKind.Hosts, "http://127.0.0.3:8090/", true)]
    [InlineData(ScopeKind.Hosts, "http://127.0.0.4:8090/", false)]
    public void Scope_is_the_seeds_hosts_their_domains_or_the_listed_hosts(ScopeKind kind, string url, bool inScope)
    {
        var hosts = new[] { "cdn.example.net", "*.static.example.org", "127.0.0.3" }.Select(h => HostPattern.TryParse(h, out var p) ? p! : throw new ArgumentException(h));
        Assert.Equal(inScope, new CrawlScope(kind, Seeds, hosts).InScope(new Uri(url)));
    }

    [Fact]
    public void Rejects_gives_the_scope_or_the_filter_as_the_reason()
    {
        Assert.True(UrlFilter.TryCreate([], ["/private/"], out var filter, out _));
        var scope = new CrawlScope(ScopeKind.SameHost, Seeds, filter: filter);

        NormalizedUrl.TryParse("http://www.example.co.uk/public/a", out var inside, out _);
        NormalizedUrl.TryParse("http://www.example.co.uk/private/a", out var excluded, out _);
        NormalizedUrl.TryParse("http://elsewhere.example/", out var outside, out _);
        Assert.Null(scope.Rejects(inside!));
        Assert.Equal("matches exclude pattern /private/", scope.Rejects(excluded!));
        Assert.Equal("host elsewhere.example is outside the crawl's scope (SameHost)", scope.Rejects(outside!));
    }
}
