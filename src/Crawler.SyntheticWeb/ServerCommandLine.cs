using System.Globalization;

namespace Crawler.SyntheticWeb;

/// <summary>
/// The runnable server's arguments: <c>[hosts] [port] [latency-ms]</c> as before, then options for the site, each
/// also readable from the environment (<c>--site-pages 1000</c> or <c>SYNTHETIC_WEB_SITE_PAGES=1000</c>; the
/// command line wins).
/// </summary>
public sealed record ServerCommandLine(int HostCount, SyntheticWebOptions Options, string? TruthDirectory)
{
    public const string Usage = """
        usage: Crawler.SyntheticWeb [hosts=8] [port=8080] [latency-ms=0] [options]
          --site-pages N              pages per host (50)
          --site-orphans N            of those, pages only the sitemap lists (5)
          --site-deep N               length of the /site/deep/ chain (30)
          --site-private-pages N      pages under /site/private/ per host, disallowed by robots.txt (3)
          --site-images N             distinct images (20)
          --site-image-bytes N        approximate bytes per image (20480)
          --site-huge-image-bytes N   size of /site/img/huge.jpg (67108864)
          --site-special-images B     link liar.png, huge.jpg and cut.jpg from a page (true)
          --site-seed N               seed of everything random in the site (1)
          --site-crawl-delay-host I   index of the host whose robots.txt sets Crawl-delay (none)
          --site-crawl-delay S        its Crawl-delay in seconds (1)
          --truth DIR                 write the site's ground truth there (pages.txt, images.txt, image-urls.tsv)
        Every option can also be set in the environment: SYNTHETIC_WEB_SITE_PAGES=1000, SYNTHETIC_WEB_TRUTH=DIR.
        """;

    private static readonly string[] Names =
    [
        "site-pages", "site-orphans", "site-deep", "site-private-pages", "site-images", "site-image-bytes",
        "site-huge-image-bytes", "site-special-images", "site-seed", "site-crawl-delay-host", "site-crawl-delay", "truth",
    ];

    /// <summary>Parses <paramref name="args"/>, falling back on <paramref name="environment"/>; throws <see cref="FormatException"/> on anything it does not understand.</summary>
    public static ServerCommandLine Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var positional = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[2..equals] : arg[2..];
            if (!Names.Contains(name))
            {
                throw new FormatException($"unknown option --{name}");
            }

            values[name] = equals > 0 ? arg[(equals + 1)..]
                : i + 1 < args.Count ? args[++i]
                : throw new FormatException($"--{name} needs a value");
        }

        if (positional.Count > 3)
        {
            throw new FormatException($"unexpected argument '{positional[3]}'");
        }

        string? Value(string name) =>
            values.TryGetValue(name, out var value) ? value : environment("SYNTHETIC_WEB_" + name.Replace('-', '_').ToUpperInvariant());

        T Get<T>(string name, T fallback, Func<string, T> parse)
        {
            var text = Value(name);
            try
            {
                return string.IsNullOrWhiteSpace(text) ? fallback : parse(text.Trim());
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new FormatException($"--{name}: '{text}' is not valid", e);
            }
        }

        static int Int(string text) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
        static long Long(string text) => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

        var hosts = positional.Count > 0 ? Int(positional[0]) : 8;
        var defaults = new SyntheticWebOptions { Addresses = [] };
        var options = new SyntheticWebOptions
        {
            Addresses = SyntheticWebOptions.LoopbackHosts(hosts),
            Port = positional.Count > 1 ? Int(positional[1]) : 8080,
            Latency = TimeSpan.FromMilliseconds(positional.Count > 2 ? Int(positional[2]) : 0),
            SitePages = Get("site-pages", defaults.SitePages, Int),
            SiteOrphanPages = Get("site-orphans", defaults.SiteOrphanPages, Int),
            SiteDeepChain = Get("site-deep", defaults.SiteDeepChain, Int),
            SitePrivatePages = Get("site-private-pages", defaults.SitePrivatePages, Int),
            SiteImages = Get("site-images", defaults.SiteImages, Int),
            SiteImageBytes = Get("site-image-bytes", defaults.SiteImageBytes, Int),
            SiteHugeImageBytes = Get("site-huge-image-bytes", defaults.SiteHugeImageBytes, Long),
            SiteSpecialImages = Get("site-special-images", defaults.SiteSpecialImages, bool.Parse),
            SiteSeed = Get("site-seed", defaults.SiteSeed, Int),
            SiteCrawlDelayHost = Get<int?>("site-crawl-delay-host", null, t => Int(t)),
            SiteCrawlDelay = Get("site-crawl-delay", defaults.SiteCrawlDelay,
                t => TimeSpan.FromSeconds(double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture))),
        };
        return new ServerCommandLine(hosts, options, Value("truth"));
    }
}
