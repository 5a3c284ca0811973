using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Xml.Linq;

namespace Crawler.SyntheticWeb.Tests;

/// <summary>The site as served over HTTP, held against its ground truth.</summary>
public sealed class SiteHttpTests : IAsyncLifetime
{
    private SyntheticWebServer _web = null!;
    private HttpClient _http = null!;

    private SiteMap Site => _web.Site;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions
        {
            Addresses = SyntheticWebOptions.LoopbackHosts(3, skip: 40),
            SitePages = 30,
            SiteImages = 24,
            SiteHugeImageBytes = 8 << 20,
            SiteCrawlDelayHost = 1,
            SiteCrawlDelay = TimeSpan.FromMilliseconds(1500),
        });
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) });
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _web.DisposeAsync();
    }

    [Fact]
    public async Task A_crawl_over_http_finds_exactly_what_the_ground_truth_says()
    {
        var truth = Site.Crawl(Site.Seed);
        var disallowed = new Dictionary<string, List<string>>();
        var queue = new Queue<string>([Site.Seed.AbsoluteUri]);
        var seen = new HashSet<string>(queue);
        var pages = new HashSet<string>();
        var redirects = new Dictionary<string, string>();
        var missing = new HashSet<string>();
        var blocked = new HashSet<string>();
        var images = new HashSet<string>();
        while (queue.TryDequeue(out var url))
        {
            var uri = new Uri(url);
            var origin = uri.GetLeftPart(UriPartial.Authority);
            if (!disallowed.TryGetValue(origin, out var rules))
            {
                var robots = await _http.GetStringAsync(new Uri(uri, "/robots.txt"), Cancel);
                disallowed[origin] = rules = [.. robots.Split('\n').Where(l => l.StartsWith("Disallow:", StringComparison.Ordinal)).Select(l => l[9..].Trim())];
            }

            if (rules.Any(r => uri.AbsolutePath.StartsWith(r, StringComparison.Ordinal)))
            {
                blocked.Add(url);
                continue;
            }

            using var response = await _http.GetAsync(uri, Cancel);
            switch ((int)response.StatusCode)
            {
                case 200:
                    Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                    pages.Add(url);
                    var (links, pictures, _) = HtmlLinks.Read(uri, await response.Content.ReadAsStringAsync(Cancel));
                    images.UnionWith(pictures);
                    foreach (var link in links.Where(seen.Add))
                    {
                        queue.Enqueue(link);
                    }

                    break;
                case 301 or 302:
                    var target = new Uri(uri, response.Headers.Location!).AbsoluteUri;
                    redirects[url] = target;
                    if (seen.Add(target))
                    {
                        queue.Enqueue(target);
                    }

                    break;
                case 404:
                    missing.Add(url);
                    break;
                default:
                    Assert.Fail($"{url}: {response.StatusCode}");
                    break;
            }
        }

        Assert.Equal(truth.Pages.Keys.Order(), pages.Order());
        Assert.Equal(truth.Redirects.OrderBy(r => r.Key, StringComparer.Ordinal), redirects.OrderBy(r => r.Key, StringComparer.Ordinal));
        Assert.Equal(truth.Missing.Order(), missing.Order());
        Assert.Equal(truth.Blocked.Order(), blocked.Order());
        Assert.Equal(truth.Images.Keys.Order(), images.Order());
        Assert.NotEmpty(truth.Redirects);
        Assert.NotEmpty(truth.Missing);
        Assert.NotEmpty(truth.Blocked);
    }

    [Fact]
    public async Task Every_image_url_serves_the_bytes_and_type_of_the_ground_truth()
    {
        var truth = Site.Crawl(Site.Seed, new SiteCrawlRules { ObeyRobots = false });
        Assert.True(truth.Images.Count > truth.DistinctImages, "the same image is under several URLs");
        foreach (var image in truth.Images.Values)
        {
            using var response = await _http.GetAsync(image.Url, HttpCompletionOption.ResponseHeadersRead, Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(image.ContentType, response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(image.Length, response.Content.Headers.ContentLength);
            Assert.Equal(image.Content.ETag, response.Headers.ETag?.ToString());
            if (image.Content == Site.CutImage)
            {
                continue; // Its first GET is cut; see the test of its own.
            }

            await using var body = await response.Content.ReadAsStreamAsync(Cancel);
            Assert.Equal(image.Sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(body, Cancel)));
        }

        var liar = truth.Images[Site.Liar(0).AbsoluteUri];
        Assert.True(liar.LiesAboutType);
        var bytes = await _http.GetByteArrayAsync(liar.Url, Cancel);
        Assert.Equal([0xFF, 0xD8, 0xFF], bytes[..3]);
    }

    [Theory]
    [InlineData("bytes=0-99", 206, 0, 99)]
    [InlineData("bytes=100-", 206, 100, -1)]
    [InlineData("bytes=-10", 206, -10, -1)]
    [InlineData("bytes=5-5", 206, 5, 5)]
    [InlineData("bytes=10-99999999", 206, 10, -1)]
    [InlineData("bytes=99999999-", 416, 0, 0)]
    [InlineData("bytes=9-3", 416, 0, 0)]
    [InlineData("bytes=abc", 416, 0, 0)]
    [InlineData("bytes=0-1,5-6", 200, 0, -1)]
    [InlineData("items=0-1", 200, 0, -1)]
    public async Task Images_answer_range_requests(string range, int status, long start, long end)
    {
        var image = Site.ImageAt(Site.Alias(2, 9, 7))!;
        var length = image.Length;
        var all = image.Content.ToArray();
        var first = start < 0 ? length + start : start;
        var last = end < 0 ? length - 1 : Math.Min(end, length - 1);
        using var request = new HttpRequestMessage(HttpMethod.Get, image.Url);
        request.Headers.TryAddWithoutValidation("Range", range);
        using var response = await _http.SendAsync(request, Cancel);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("bytes", response.Headers.AcceptRanges.Single());
        var body = await response.Content.ReadAsByteArrayAsync(Cancel);
        if (status == 416)
        {
            Assert.Equal($"bytes */{length}", response.Content.Headers.ContentRange?.ToString());
            return;
        }

        if (status == 206)
        {
            Assert.Equal(new ContentRangeHeaderValue(first, last, length), response.Content.Headers.ContentRange);
        }

        Assert.Equal(all[(int)first..(int)(last + 1)], body);
    }

    [Fact]
    public async Task If_range_with_another_etag_gets_the_whole_image_and_if_none_match_gets_304()
    {
        var image = Site.ImageAt(Site.Image(0, 3))!;
        using var stale = new HttpRequestMessage(HttpMethod.Get, image.Url);
        stale.Headers.Range = new RangeHeaderValue(10, null);
        stale.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue("\"old\""));
        using var whole = await _http.SendAsync(stale, Cancel);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(image.Length, (await whole.Content.ReadAsByteArrayAsync(Cancel)).Length);

        using var cached = new HttpRequestMessage(HttpMethod.Get, image.Url);
        cached.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(image.Content.ETag));
        using var notModified = await _http.SendAsync(cached, Cancel);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task The_cut_image_is_cut_once_per_url_and_a_range_request_resumes_it()
    {
        var url = Site.Cut(1);
        var held = await ReadUntilCutAsync(url);
        Assert.Equal(Site.CutImage.Length / 2, held.Length);

        using var resume = new HttpRequestMessage(HttpMethod.Get, url);
        resume.Headers.Range = new RangeHeaderValue(held.Length, null);
        using var rest = await _http.SendAsync(resume, Cancel);
        Assert.Equal(HttpStatusCode.PartialContent, rest.StatusCode);
        var whole = held.Concat(await rest.Content.ReadAsByteArrayAsync(Cancel)).ToArray();
        Assert.Equal(Site.CutImage.Sha256, Convert.ToHexStringLower(SHA256.HashData(whole)));

        // Cut once per URL: the next full GET is whole; another host's URL, or a reset, cuts again.
        Assert.Equal(whole, await _http.GetByteArrayAsync(url, Cancel));
        Assert.Equal(Site.CutImage.Length / 2, (await ReadUntilCutAsync(Site.Cut(2))).Length);
        _web.ResetSite();
        Assert.Equal(Site.CutImage.Length / 2, (await ReadUntilCutAsync(url)).Length);
    }

    [Fact]
    public async Task The_huge_image_streams_and_can_be_abandoned()
    {
        using var response = await _http.GetAsync(Site.Huge(0), HttpCompletionOption.ResponseHeadersRead, Cancel);
        Assert.Equal(Site.HugeImage.Length, response.Content.Headers.ContentLength);
        await using var body = await response.Content.ReadAsStreamAsync(Cancel);
        var buffer = new byte[64 * 1024];
        await body.ReadExactlyAsync(buffer, Cancel);
        var expected = new byte[buffer.Length];
        Site.HugeImage.Fill(0, expected);
        Assert.Equal(expected, buffer);
    }

    [Fact]
    public async Task Robots_sitemaps_and_orphans()
    {
        var robots0 = await _http.GetStringAsync(Site.Robots(0), Cancel);
        var robots1 = await _http.GetStringAsync(Site.Robots(1), Cancel);
        Assert.Contains("Disallow: /site/private/\n", robots0, StringComparison.Ordinal);
        Assert.Contains($"Sitemap: {Site.Sitemap(0)}\n", robots0, StringComparison.Ordinal);
        Assert.DoesNotContain("Crawl-delay", robots0, StringComparison.Ordinal);
        Assert.Contains("Crawl-delay: 1.5\n", robots1, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(1.5), Site.CrawlDelay(1));

        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var index = XDocument.Parse(await _http.GetStringAsync(Site.Sitemap(2), Cancel));
        Assert.Equal(ns + "sitemapindex", index.Root!.Name);
        var child = Assert.Single(index.Descendants(ns + "loc")).Value;
        Assert.Equal(Site.PagesSitemap(2).AbsoluteUri, child);
        var urlset = XDocument.Parse(await _http.GetStringAsync(child, Cancel));
        var listed = urlset.Descendants(ns + "loc").Select(l => l.Value).ToList();
        Assert.Equal(Site.PagesPerHost, listed.Count);
        Assert.Subset(listed.ToHashSet(), Site.OrphanPages.Where(p => p.StartsWith(Site.Hosts[2].AbsoluteUri, StringComparison.Ordinal)).ToHashSet());

        // Private pages exist: a crawler that ignores robots.txt finds them.
        using var hidden = await _http.GetAsync(Site.Private(0, 0), Cancel);
        Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);
    }

    [Fact]
    public async Task Site_requests_count_in_the_host_stats()
    {
        var before = _web.Stats(2).RequestsTo("/site/p/4");
        using var response = await _http.GetAsync(Site.Page(2, 4), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before + 1, _web.Stats(2).RequestsTo("/site/p/4"));
        Assert.True(_web.Total.RequestsTo("/site/p/4") >= 1);
    }

    private async Task<byte[]> ReadUntilCutAsync(Uri url)
    {
        using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Site.CutImage.Length, response.Content.Headers.ContentLength);
        await using var body = await response.Content.ReadAsStreamAsync(Cancel);
        var held = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, Cancel)) > 0)
            {
                held.Write(buffer, 0, read);
            }

            Assert.Fail($"the first download was not cut: {held.Length} bytes");
        }
        catch (HttpIOException)
        {
        }
        catch (IOException)
        {
        }

        return held.ToArray();
    }
}
