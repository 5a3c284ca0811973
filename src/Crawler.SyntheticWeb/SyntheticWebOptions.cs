using System.Net;

namespace Crawler.SyntheticWeb;

public sealed record SyntheticWebOptions
{
    /// <summary>One listening host per address; distinct 127.x addresses stand for distinct hosts.</summary>
    public required IReadOnlyList<IPAddress> Addresses { get; init; }

    /// <summary>Port on every address; 0 picks a free one per address.</summary>
    public int Port { get; init; }

    /// <summary>Added before every answer, as a real server's think time.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Serve https with a self-signed certificate (which a checker must refuse unless told otherwise).</summary>
    public bool Https { get; init; }

    /// <summary>The crawlable site under <c>/site/</c> (see <see cref="SiteMap"/>): pages <c>/site/p/{n}</c> per host.</summary>
    public int SitePages { get; init; } = 50;

    /// <summary>Of <see cref="SitePages"/>, how many (the last ones) no page links to: only the sitemap lists them.</summary>
    public int SiteOrphanPages { get; init; } = 5;

    /// <summary>Length of the chain <c>/site/deep/1</c> → … → <c>/site/deep/{SiteDeepChain}</c> on every host.</summary>
    public int SiteDeepChain { get; init; } = 30;

    /// <summary>Pages <c>/site/private/{n}</c> per host, which robots.txt disallows and pages still link to.</summary>
    public int SitePrivatePages { get; init; } = 3;

    /// <summary>Distinct regular images <c>/site/img/{id}.{ext}</c> (at least 1).</summary>
    public int SiteImages { get; init; } = 20;

    /// <summary>Approximate size of each regular image (each is within ±25 % of it), and of the cut and lying ones.</summary>
    public int SiteImageBytes { get; init; } = 20 * 1024;

    /// <summary>Size of <c>/site/img/huge.jpg</c>, made as it is sent.</summary>
    public long SiteHugeImageBytes { get; init; } = 64L << 20;

    /// <summary>Link the special images (liar.png, huge.jpg, cut.jpg) from a page; they are served either way.</summary>
    public bool SiteSpecialImages { get; init; } = true;

    /// <summary>Everything random in the site (which pages link where, which images, the image bytes) follows from it.</summary>
    public int SiteSeed { get; init; } = 1;

    /// <summary>Index of the one host whose robots.txt sets <c>Crawl-delay</c>; null: none does.</summary>
    public int? SiteCrawlDelayHost { get; init; }

    /// <summary>The <c>Crawl-delay</c> of <see cref="SiteCrawlDelayHost"/>.</summary>
    public TimeSpan SiteCrawlDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// <paramref name="count"/> loopback addresses, 127.0.0.2 onwards (skipping .0, .1 and .251-.255 of each
    /// block); <paramref name="skip"/> starts further on, so that several servers can own distinct hosts.
    /// </summary>
    public static IReadOnlyList<IPAddress> LoopbackHosts(int count, int skip = 0) =>
        [.. Enumerable.Range(skip, count).Select(k => new IPAddress([127, 0, (byte)(k / 249), (byte)(2 + (k % 249))]))];
}
