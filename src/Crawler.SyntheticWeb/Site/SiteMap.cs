using System.Globalization;
using System.Net;
using System.Text;

namespace Crawler.SyntheticWeb;

/// <summary>
/// The crawlable site under <c>/site/</c> on every host, and its ground truth. Deterministic: the same options
/// and hosts make the same pages, links and image bytes. The routes serve what <see cref="Lookup(int, string)"/>
/// describes, and <see cref="Crawl(IEnumerable{Uri}, SiteCrawlRules?)"/> walks the same descriptions, so what
/// tests expect is what the server answers.
/// <list type="bullet">
/// <item><c>/site/p/{n}</c>, n &lt; <see cref="PagesPerHost"/>: HTML pages. Pages n &lt; <see cref="LinkedPagesPerHost"/>
/// form a tree (n links to 2n+1 and 2n+2) with links back to page 0, random links on the same host and to other
/// hosts, and page 0 of each host links to page 0 of the next, so every linked page of every host is reachable
/// from any page. The last <see cref="OrphanPagesPerHost"/> pages are linked from nowhere: only the sitemap lists them.</item>
/// <item>Links are written relative (<c>7</c>, <c>../p/7</c>), root-relative and absolute, some with fragments;
/// pages with n % 10 == 3 have <c>&lt;base href&gt;</c> pointing at the next host; <c>mailto:</c> and
/// <c>javascript:</c> links; links to <c>/site/missing/{n}</c> (404), <c>/site/moved/{n}</c> (301 to
/// <c>/site/p/{n}</c>), <c>/site/private/{n}</c> (disallowed by robots.txt) and <c>/site/deep/1</c>, a chain down
/// to <c>/site/deep/{DeepChain}</c>.</item>
/// <item>Images in <c>img[src]</c>, <c>img[srcset]</c> (1x, 2x), <c>picture &gt; source[srcset]</c> (480w, 960w),
/// <c>link[rel=icon]</c> and <c>meta[property=og:image]</c>: <c>/site/img/{id}.{ext}</c> and the same bytes under
/// <c>/site/alias/{k}/img/{id}.{ext}</c>, on any host; every image id is on some linked page. Page
/// <see cref="SpecialPage"/> of host 0 also shows <c>/site/img/liar.png</c> (JPEG bytes, says image/png),
/// <c>/site/img/huge.jpg</c> and <c>/site/img/cut.jpg</c> (the first GET from byte 0 of each URL is cut half-way).</item>
/// <item><c>/robots.txt</c>, <c>/site/sitemap.xml</c> (an index) and <c>/site/sitemap-pages.xml</c> (every page of the host).</item>
/// </list>
/// </summary>
public sealed class SiteMap
{
    private readonly int _seed;
    private readonly Dictionary<string, int> _hostByOrigin = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<IPAddress, int> _hostByAddress = [];
    private readonly SiteImageContent[] _images;
    private readonly int? _crawlDelayHost;
    private readonly TimeSpan _crawlDelay;

    public SiteMap(SyntheticWebOptions options, IReadOnlyList<Uri> hosts)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentOutOfRangeException.ThrowIfZero(hosts.Count, nameof(hosts));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SitePages, 1, nameof(options.SitePages));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SiteImages, 1, nameof(options.SiteImages));
        Hosts = hosts;
        for (var i = 0; i < hosts.Count; i++)
        {
            _hostByOrigin[hosts[i].GetLeftPart(UriPartial.Authority)] = i;
            if (IPAddress.TryParse(hosts[i].Host, out var address))
            {
                _hostByAddress.TryAdd(address.MapToIPv4(), i);
            }
        }

        _seed = options.SiteSeed;
        PagesPerHost = options.SitePages;
        OrphanPagesPerHost = Math.Clamp(options.SiteOrphanPages, 0, PagesPerHost - 1);
        LinkedPagesPerHost = PagesPerHost - OrphanPagesPerHost;
        DeepChain = Math.Max(0, options.SiteDeepChain);
        PrivatePagesPerHost = Math.Max(0, options.SitePrivatePages);
        ImageCount = options.SiteImages;
        SpecialImagesLinked = options.SiteSpecialImages;
        _crawlDelayHost = options.SiteCrawlDelayHost;
        _crawlDelay = options.SiteCrawlDelay;

        var size = Math.Max(64, options.SiteImageBytes);
        _images = new SiteImageContent[ImageCount];
        for (var id = 0; id < ImageCount; id++)
        {
            var random = new SiteRandom(_seed, 0x512E, id);
            var length = size - (size / 4) + random.Next((size / 2) + 1);
            _images[id] = new SiteImageContent(id.ToString(CultureInfo.InvariantCulture), SiteImageFormats.ForId(id), length, _seed);
        }

        LiarImage = new SiteImageContent("liar", SiteImageFormat.Jpeg, size, _seed);
        CutImage = new SiteImageContent("cut", SiteImageFormat.Jpeg, size, _seed);
        HugeImage = new SiteImageContent("huge", SiteImageFormat.Jpeg, Math.Max(64, options.SiteHugeImageBytes), _seed);
    }

    /// <summary>Base URL of each host (<c>http://127.0.0.2:8099/</c>).</summary>
    public IReadOnlyList<Uri> Hosts { get; }

    public int PagesPerHost { get; }

    /// <summary>Pages 0 .. LinkedPagesPerHost - 1 of each host are linked; the rest are orphans.</summary>
    public int LinkedPagesPerHost { get; }

    public int OrphanPagesPerHost { get; }

    public int DeepChain { get; }

    public int PrivatePagesPerHost { get; }

    /// <summary>Number of regular images (ids 0 .. ImageCount - 1).</summary>
    public int ImageCount { get; }

    /// <summary>Whether page <see cref="SpecialPage"/> of host 0 shows liar.png, huge.jpg and cut.jpg.</summary>
    public bool SpecialImagesLinked { get; }

    /// <summary>The page of host 0 that shows the special images.</summary>
    public int SpecialPage => Math.Min(1, LinkedPagesPerHost - 1);

    /// <summary>Regular image contents, by id.</summary>
    public IReadOnlyList<SiteImageContent> Images => _images;

    /// <summary>JPEG bytes served as image/png.</summary>
    public SiteImageContent LiarImage { get; }

    /// <summary>Larger than any sane cap; never held in memory by the server.</summary>
    public SiteImageContent HugeImage { get; }

    /// <summary>The first GET from byte 0 of each of its URLs sends half of it and drops the connection.</summary>
    public SiteImageContent CutImage { get; }

    /// <summary>Distinct image contents a full crawl finds (robots obeyed or not): every regular image, and the
    /// three special ones when linked.</summary>
    public int DistinctImages => ImageCount + (SpecialImagesLinked ? 3 : 0);

    /// <summary>Where a crawl of the whole site starts: page 0 of host 0.</summary>
    public Uri Seed => Page(0, 0);

    public Uri Page(int host, int n) => At(host, $"site/p/{n}");

    public Uri Deep(int host, int k) => At(host, $"site/deep/{k}");

    public Uri Private(int host, int n) => At(host, $"site/private/{n}");

    /// <summary>301 to <see cref="Page(int, int)"/>.</summary>
    public Uri Moved(int host, int n) => At(host, $"site/moved/{n}");

    /// <summary>404.</summary>
    public Uri Missing(int host, int n) => At(host, $"site/missing/{n}");

    /// <summary>Regular image <paramref name="id"/> on <paramref name="host"/>.</summary>
    public Uri Image(int host, int id) => At(host, $"site/img/{ImageFile(id)}");

    /// <summary>The same bytes as <see cref="Image(int, int)"/> under another URL, for any <paramref name="alias"/> ≥ 0.</summary>
    public Uri Alias(int host, int alias, int id) => At(host, $"site/alias/{alias}/img/{ImageFile(id)}");

    public Uri Liar(int host) => At(host, "site/img/liar.png");

    public Uri Huge(int host) => At(host, "site/img/huge.jpg");

    public Uri Cut(int host) => At(host, "site/img/cut.jpg");

    public Uri Robots(int host) => At(host, "robots.txt");

    /// <summary>The sitemap index; it lists <see cref="PagesSitemap(int)"/>.</summary>
    public Uri Sitemap(int host) => At(host, "site/sitemap.xml");

    /// <summary>A urlset of every page of the host, orphans included.</summary>
    public Uri PagesSitemap(int host) => At(host, "site/sitemap-pages.xml");

    /// <summary>File name of regular image <paramref name="id"/>: <c>{id}.{ext}</c>, the format by <c>id % 4</c> (png, jpg, gif, webp).</summary>
    public static string ImageFile(int id) => $"{id}.{SiteImageFormats.ForId(id).Extension()}";

    /// <summary>Pages only a sitemap finds, on every host.</summary>
    public IReadOnlyList<string> OrphanPages =>
        [.. Enumerable.Range(0, Hosts.Count).SelectMany(h => Enumerable.Range(LinkedPagesPerHost, OrphanPagesPerHost).Select(n => Page(h, n).AbsoluteUri))];

    /// <summary>Pages robots.txt disallows, on every host; all are linked, all answer 200.</summary>
    public IReadOnlyList<string> PrivatePages =>
        [.. Enumerable.Range(0, Hosts.Count).SelectMany(h => Enumerable.Range(0, PrivatePagesPerHost).Select(n => Private(h, n).AbsoluteUri))];

    /// <summary>Every URL that answers 200 text/html: pages, orphans, the deep chain and private pages, on every host.</summary>
    public IReadOnlyList<string> AllPages =>
        [.. Enumerable.Range(0, Hosts.Count).SelectMany(h =>
            Enumerable.Range(0, PagesPerHost).Select(n => Page(h, n))
                .Concat(Enumerable.Range(1, DeepChain).Select(k => Deep(h, k)))
                .Concat(Enumerable.Range(0, PrivatePagesPerHost).Select(n => Private(h, n)))
                .Select(u => u.AbsoluteUri))];

    /// <summary>The <c>Crawl-delay</c> of a host's robots.txt, if it has one.</summary>
    public TimeSpan? CrawlDelay(int host) => host == _crawlDelayHost ? _crawlDelay : null;

    /// <summary>Whether robots.txt (the same on every host but for Crawl-delay) disallows the URL.</summary>
    public static bool IsDisallowed(Uri url) => url.AbsolutePath.StartsWith("/site/private/", StringComparison.Ordinal);

    public string RobotsTxt(int host)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"# robots.txt of host {host} of the synthetic web\n")
            .Append("User-agent: *\n")
            .Append("Disallow: /site/private/\n");
        if (CrawlDelay(host) is { } delay)
        {
            text.Append("Crawl-delay: ").Append(delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.Append('\n').Append("Sitemap: ").Append(Sitemap(host).AbsoluteUri).Append('\n').ToString();
    }

    /// <summary>The page a URL serves (200 HTML), or null.</summary>
    public SitePage? PageAt(Uri url) => (Lookup(url) as SiteResource.Page)?.Content;

    /// <summary>The image a URL serves, or null.</summary>
    public SiteImage? ImageAt(Uri url) =>
        Lookup(url) is SiteResource.Image image ? new SiteImage(url.GetLeftPart(UriPartial.Query), image.ContentType, image.Content) : null;

    /// <summary>What a correct crawl from <paramref name="seed"/> fetches and finds.</summary>
    public SiteCrawl Crawl(Uri seed, SiteCrawlRules? rules = null) => Crawl([seed], rules);

    /// <summary>
    /// What a correct crawl from <paramref name="seeds"/> (pages or sitemaps) fetches and finds: breadth first,
    /// each URL once, by <paramref name="rules"/> (robots obeyed, no depth limit, every host by default).
    /// </summary>
    public SiteCrawl Crawl(IEnumerable<Uri> seeds, SiteCrawlRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        rules ??= SiteCrawlRules.Default;
        var best = new Dictionary<string, int>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        // 0-1 breadth first: a redirect's target and a sitemap's URLs keep their depth (to the front), links add one.
        var queue = new LinkedList<(string Url, int Depth)>();
        var pages = new Dictionary<string, int>(StringComparer.Ordinal);
        var redirects = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new HashSet<string>(StringComparer.Ordinal);
        var sitemaps = new HashSet<string>(StringComparer.Ordinal);
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        var outOfScope = new HashSet<string>(StringComparer.Ordinal);
        var tooDeep = new HashSet<string>(StringComparer.Ordinal);
        var nonHttp = new HashSet<string>(StringComparer.Ordinal);
        var images = new Dictionary<string, SiteImage>(StringComparer.Ordinal);
        var foundOn = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var hostsMet = new HashSet<int>();

        void Offer(string url, int depth, bool front)
        {
            if (best.TryGetValue(url, out var known) && known <= depth)
            {
                return;
            }

            best[url] = depth;
            if (front)
            {
                queue.AddFirst((url, depth));
            }
            else
            {
                queue.AddLast((url, depth));
            }
        }

        void Follow(string url, int depth, bool front)
        {
            if (rules.MaxDepth is { } max && depth > max)
            {
                tooDeep.Add(url);
            }
            else if (rules.Scope is { } scope && !scope(new Uri(url)))
            {
                outOfScope.Add(url);
            }
            else
            {
                Offer(url, depth, front);
            }
        }

        foreach (var seed in seeds)
        {
            Offer(seed.GetLeftPart(UriPartial.Query), 0, front: false);
        }

        while (queue.First is { } first)
        {
            queue.RemoveFirst();
            var (url, depth) = first.Value;
            if (depth > best[url] || !done.Add(url))
            {
                continue;
            }

            var uri = new Uri(url);
            if (rules.SitemapsFromRobots && _hostByOrigin.TryGetValue(uri.GetLeftPart(UriPartial.Authority), out var host) && hostsMet.Add(host))
            {
                queue.AddFirst((url, depth));
                done.Remove(url);
                Follow(Sitemap(host).AbsoluteUri, depth, front: true);
                continue;
            }

            if (rules.ObeyRobots && IsDisallowed(uri))
            {
                blocked.Add(url);
                continue;
            }

            switch (Lookup(uri))
            {
                case SiteResource.Page page:
                    pages[url] = depth;
                    foreach (var link in page.Content.Links)
                    {
                        if (link.Url is null)
                        {
                            nonHttp.Add(link.Raw);
                        }
                        else if (link.IsImage)
                        {
                            if (!images.ContainsKey(link.Url))
                            {
                                images[link.Url] = ImageAt(new Uri(link.Url))
                                    ?? throw new InvalidOperationException($"{url} shows {link.Url}, which is not an image.");
                                foundOn[link.Url] = [];
                            }

                            if (foundOn[link.Url] is var on && (on.Count == 0 || on[^1] != url))
                            {
                                on.Add(url);
                            }
                        }
                        else
                        {
                            Follow(link.Url, depth + 1, front: false);
                        }
                    }

                    break;
                case SiteResource.Redirect redirect:
                    redirects[url] = redirect.Target;
                    Follow(redirect.Target, depth, front: true);
                    break;
                case SiteResource.Sitemap sitemap:
                    sitemaps.Add(url);
                    foreach (var location in sitemap.Locations.Reverse())
                    {
                        Follow(location, depth, front: true);
                    }

                    break;
                case SiteResource.Image image:
                    images.TryAdd(url, new SiteImage(url, image.ContentType, image.Content));
                    break;
                case SiteResource.NotFound:
                    missing.Add(url);
                    break;
                default:
                    break;
            }
        }

        tooDeep.ExceptWith(done);
        outOfScope.ExceptWith(done);
        return new SiteCrawl(pages, redirects, missing, sitemaps, blocked, outOfScope, tooDeep, nonHttp, images,
            foundOn.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal));
    }

    /// <summary>The host a local address stands for, or -1.</summary>
    internal int HostOf(IPAddress address) => _hostByAddress.TryGetValue(address.MapToIPv4(), out var host) ? host : -1;

    internal SiteResource Lookup(Uri url) =>
        _hostByOrigin.TryGetValue(url.GetLeftPart(UriPartial.Authority), out var host)
            ? Lookup(host, Uri.UnescapeDataString(url.AbsolutePath))
            : SiteResource.NotFound.Instance;

    /// <summary>What <paramref name="path"/> (query ignored) answers on <paramref name="host"/>.</summary>
    internal SiteResource Lookup(int host, string path)
    {
        if (path == "/robots.txt")
        {
            return new SiteResource.Text("text/plain; charset=utf-8", RobotsTxt(host));
        }

        if (path is "/site" or "/site/")
        {
            return new SiteResource.Redirect(302, "/site/p/0", Page(host, 0).AbsoluteUri);
        }

        if (!path.StartsWith("/site/", StringComparison.Ordinal))
        {
            return SiteResource.NotFound.Instance;
        }

        var segments = path["/site/".Length..].Split('/');
        return segments switch
        {
            ["p", var n] when Number(n, PagesPerHost) is { } page => new SiteResource.Page(BuildPage(host, page)),
            ["deep", var k] when Number(k, DeepChain + 1) is { } deep && deep > 0 => new SiteResource.Page(BuildDeep(host, deep)),
            ["private", var n] when Number(n, PrivatePagesPerHost) is { } hidden => new SiteResource.Page(BuildPrivate(host, hidden)),
            ["moved", var n] when Number(n, PagesPerHost) is { } moved =>
                new SiteResource.Redirect(301, $"/site/p/{moved}", Page(host, moved).AbsoluteUri),
            ["img", var file] => ImageResource(file, specials: true),
            ["alias", var k, "img", var file] when Number(k, int.MaxValue) is not null => ImageResource(file, specials: false),
            ["sitemap.xml"] => SitemapIndex(host),
            ["sitemap-pages.xml"] => PagesUrlset(host),
            _ => SiteResource.NotFound.Instance,
        };
    }

    private Uri At(int host, string relative) => new(Hosts[host], relative);

    private string Root(int host) => Hosts[host].AbsoluteUri;

    /// <summary>A decimal number below <paramref name="limit"/>, written the one canonical way (no sign, no leading zero).</summary>
    private static int? Number(string text, int limit)
    {
        if (text.Length is 0 or > 9 || (text.Length > 1 && text[0] == '0') || !text.All(char.IsAsciiDigit))
        {
            return null;
        }

        var value = int.Parse(text, CultureInfo.InvariantCulture);
        return value < limit ? value : null;
    }

    private SiteResource ImageResource(string file, bool specials)
    {
        if (specials)
        {
            switch (file)
            {
                case "liar.png":
                    return new SiteResource.Image(LiarImage, "image/png", CutFirst: false);
                case "huge.jpg":
                    return new SiteResource.Image(HugeImage, "image/jpeg", CutFirst: false);
                case "cut.jpg":
                    return new SiteResource.Image(CutImage, "image/jpeg", CutFirst: true);
                default:
                    break;
            }
        }

        var dot = file.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && Number(file[..dot], ImageCount) is { } id && file[(dot + 1)..] == SiteImageFormats.ForId(id).Extension()
            ? new SiteResource.Image(_images[id], SiteImageFormats.ForId(id).ContentType(), CutFirst: false)
            : SiteResource.NotFound.Instance;
    }

    private SitePage BuildPage(int host, int n)
    {
        var hosts = Hosts.Count;
        var linked = LinkedPagesPerHost;
        var random = new SiteRandom(_seed, 0x9A6E, host, n);
        var next = (host + 1) % hosts;
        var orphan = n >= linked;
        var title = $"Page {n} of host {host}";
        var page = new SitePageBuilder(Page(host, n), title);
        // Every tenth page resolves its relative links against the next host.
        var hasBase = n % 10 == 3;
        if (hasBase)
        {
            page.Base($"{Root(next)}site/p/");
        }

        page.Icon($"/site/img/{ImageFile(0)}")
            .OpenGraphImage(Alias(next, n, random.Next(ImageCount)).AbsoluteUri)
            .Heading(title)
            .Paragraph(orphan ? "No page links here; the sitemap lists this page." : "A page of the synthetic web.")
            .Anchor(hasBase ? "0#top" : "#top", "Top")
            .Anchor("/site/p/0", "Home");
        if (2 * n + 1 < linked)
        {
            page.Anchor($"{2 * n + 1}", "First child");
        }

        if (2 * n + 2 < linked)
        {
            page.Anchor($"../p/{2 * n + 2}", "Second child");
        }

        page.Anchor($"/site/p/{random.Next(linked)}", "A page on this host")
            .Anchor($"{Root(host)}site/p/{random.Next(linked)}", "Another page on this host");
        if (hosts > 1)
        {
            var far = (host + 1 + random.Next(hosts - 1)) % hosts;
            page.Anchor($"{Root(far)}site/p/{random.Next(linked)}#section", "A page on another host");
        }

        if (n == 0)
        {
            if (hosts > 1)
            {
                page.Anchor($"{Root(next)}site/p/0", "The next host");
            }

            if (DeepChain > 0)
            {
                page.Anchor("/site/deep/1", "Down the rabbit hole");
            }

            if (PrivatePagesPerHost > 0)
            {
                page.Anchor("/site/private/0", "Staff only");
            }

            page.Anchor("/site/missing/0", "A page that is gone")
                .Anchor($"/site/moved/{Math.Min(1, linked - 1)}", "A page that moved")
                .Anchor("mailto:webmaster@synthetic.test", "Write to us")
                .Anchor("javascript:void(0)", "Do nothing");
        }
        else
        {
            if (n % 10 == 5)
            {
                page.Anchor($"/site/missing/{n}", "A page that is gone");
            }

            if (n % 10 == 7)
            {
                page.Anchor($"/site/moved/{random.Next(linked)}", "A page that moved");
            }

            if (n % 10 == 9 && PrivatePagesPerHost > 0)
            {
                page.Anchor($"/site/private/{n % PrivatePagesPerHost}", "Staff only");
            }

            if (n % 4 == 0)
            {
                page.Anchor($"mailto:page{n}@synthetic.test", "Write to us");
            }

            if (n % 4 == 2)
            {
                page.Anchor("javascript:history.back()", "Back");
            }
        }

        // Image id i is on linked page i mod (hosts × linked), so every image is on some linked page.
        if (!orphan)
        {
            for (var id = (host * linked) + n; id < ImageCount; id += hosts * linked)
            {
                page.Image(
                    (n % 3) switch
                    {
                        0 => $"/site/img/{ImageFile(id)}",
                        1 => $"../img/{ImageFile(id)}",
                        _ => Alias(next, n, id).AbsoluteUri,
                    },
                    $"Image {id}");
            }
        }

        var small = random.Next(ImageCount);
        var large = random.Next(ImageCount);
        page.ImageWithSrcset($"../img/{ImageFile(small)}", [($"../img/{ImageFile(small)}", "1x"), ($"/site/img/{ImageFile(large)}", "2x")], "Sharp");
        var webp = ImageCount >= 4;
        var narrow = webp ? (4 * random.Next(ImageCount / 4)) + 3 : random.Next(ImageCount);
        var wide = webp ? (4 * random.Next(ImageCount / 4)) + 3 : random.Next(ImageCount);
        var fallback = random.Next(ImageCount);
        page.Picture(
            [($"/site/alias/{n}/img/{ImageFile(narrow)}", "480w"), ($"{Root(host)}site/img/{ImageFile(wide)}", "960w")],
            webp ? "image/webp" : null,
            $"/site/img/{ImageFile(fallback)}",
            "A picture");
        if (SpecialImagesLinked && host == 0 && n == SpecialPage)
        {
            page.Image("/site/img/liar.png", "A JPEG that says it is a PNG")
                .Image("/site/img/huge.jpg", "Too big")
                .Image("/site/img/cut.jpg", "Cut half-way the first time");
        }

        return page.Build();
    }

    private SitePage BuildDeep(int host, int k)
    {
        var title = $"Deep {k} of host {host}";
        var page = new SitePageBuilder(Deep(host, k), title)
            .Heading(title)
            .Paragraph($"{DeepChain - k} more below.")
            .Anchor("/site/p/0", "Home");
        if (k < DeepChain)
        {
            page.Anchor($"{k + 1}", "Deeper");
        }

        return page.Build();
    }

    private SitePage BuildPrivate(int host, int n)
    {
        var title = $"Private {n} of host {host}";
        var page = new SitePageBuilder(Private(host, n), title)
            .Heading(title)
            .Paragraph("robots.txt disallows this page.")
            .Anchor("/site/p/0", "Home");
        if (n + 1 < PrivatePagesPerHost)
        {
            page.Anchor($"{n + 1}", "More private");
        }

        return page.Image($"/site/img/{ImageFile(((n * 7) + 1) % ImageCount)}", "Private image").Build();
    }

    private SiteResource.Sitemap SitemapIndex(int host)
    {
        string[] locations = [PagesSitemap(host).AbsoluteUri];
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        foreach (var location in locations)
        {
            xml.Append("  <sitemap><loc>").Append(WebUtility.HtmlEncode(location)).Append("</loc></sitemap>\n");
        }

        return new SiteResource.Sitemap(xml.Append("</sitemapindex>\n").ToString(), locations);
    }

    private SiteResource.Sitemap PagesUrlset(int host)
    {
        string[] locations = [.. Enumerable.Range(0, PagesPerHost).Select(n => Page(host, n).AbsoluteUri)];
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        foreach (var location in locations)
        {
            xml.Append("  <url><loc>").Append(WebUtility.HtmlEncode(location)).Append("</loc></url>\n");
        }

        return new SiteResource.Sitemap(xml.Append("</urlset>\n").ToString(), locations);
    }
}
