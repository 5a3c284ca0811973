using System.Globalization;
using System.Text;

namespace Crawler.Crawling;

/// <summary>
/// A parsed robots.txt (RFC 9309). Rules are grouped by user-agent: consecutive <c>user-agent</c> lines share the
/// group that follows, groups naming the same agent are merged, a crawler obeys the group naming its product token
/// (compared without regard to case) or else the <c>*</c> group, or else nothing. Within a group the longest matching
/// pattern wins and <c>allow</c> wins a tie; an empty <c>disallow</c> allows. <c>/robots.txt</c> is always allowed.
/// <c>crawl-delay</c> (not in the RFC, widely used) is read per group; <c>sitemap</c> lines anywhere. Only the first
/// <see cref="MaxSize"/> of a file is read; lines not understood are ignored.
/// </summary>
public sealed class RobotsTxt
{
    /// <summary>How much of a robots.txt is read: the RFC asks crawlers to read at least 500 KiB.</summary>
    public const int MaxSize = 500 * 1024;

    private static readonly TimeSpan MaxCrawlDelay = TimeSpan.FromDays(1);

    private readonly Dictionary<string, Group> _groups;
    private readonly bool _disallowAll;

    private RobotsTxt(Dictionary<string, Group> groups, IReadOnlyList<Uri> sitemaps, bool disallowAll)
    {
        _groups = groups;
        Sitemaps = sitemaps;
        _disallowAll = disallowAll;
    }

    /// <summary>No robots.txt (a 4xx answer other than 429, RFC 9309 §2.3.1.3): everything may be crawled.</summary>
    public static RobotsTxt AllowAll { get; } = new([], [], disallowAll: false);

    /// <summary>A robots.txt that could not be read (5xx, 429, unreachable, RFC 9309 §2.3.1.4): nothing may be crawled.</summary>
    public static RobotsTxt DisallowAll { get; } = new([], [], disallowAll: true);

    public IReadOnlyList<Uri> Sitemaps { get; }

    /// <summary>
    /// The rules that follow from fetching robots.txt: its text on success, <see cref="AllowAll"/> when the server says
    /// there is none (4xx but 429, or redirects that never end), <see cref="DisallowAll"/> when it could not say
    /// (<paramref name="statusCode"/> null: unreachable; 429; 5xx).
    /// </summary>
    public static RobotsTxt ForResponse(int? statusCode, string? body, Uri? robotsUrl = null) => statusCode switch
    {
        >= 200 and < 300 => Parse(body ?? string.Empty, robotsUrl),
        429 => DisallowAll,
        >= 300 and < 500 => AllowAll,
        _ => DisallowAll,
    };

    /// <summary>Reads UTF-8 bytes, the first <see cref="MaxSize"/> of them.</summary>
    public static RobotsTxt Parse(ReadOnlySpan<byte> utf8, Uri? robotsUrl = null) =>
        Parse(Encoding.UTF8.GetString(utf8.Length > MaxSize ? utf8[..MaxSize] : utf8), robotsUrl);

    /// <param name="text">The file's text; beyond <see cref="MaxSize"/> characters it is cut at the last whole line.</param>
    /// <param name="robotsUrl">Where the file came from, to resolve relative sitemap URLs.</param>
    public static RobotsTxt Parse(string text, Uri? robotsUrl = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxSize)
        {
            var lastBreak = text.AsSpan(0, MaxSize).LastIndexOfAny('\n', '\r');
            text = text[..Math.Max(lastBreak, 0)];
        }

        var groups = new Dictionary<string, Group>(StringComparer.OrdinalIgnoreCase);
        var sitemaps = new List<Uri>();
        List<Group>? current = null;
        var currentHasMembers = false;

        foreach (var rawLine in text.AsSpan().TrimStart('\uFEFF').EnumerateLines())
        {
            var line = rawLine;
            var hash = line.IndexOf('#');
            if (hash >= 0)
            {
                line = line[..hash];
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim().ToString().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim().ToString();
            switch (key)
            {
                case "user-agent":
                    if (current is null || currentHasMembers)
                    {
                        current = [];
                        currentHasMembers = false;
                    }

                    if (ProductToken(value) is { Length: > 0 } agent)
                    {
                        var group = groups.TryGetValue(agent, out var existing) ? existing : groups[agent] = new Group();
                        if (!current.Contains(group))
                        {
                            current.Add(group);
                        }
                    }

                    break;
                case "allow" or "disallow" when current is not null:
                    currentHasMembers = true;
                    if (value.Length > 0)
                    {
                        var pattern = new RobotsPattern(RobotsPath.Normalize(value), allow: key == "allow");
                        current.ForEach(g => g.Rules.Add(pattern));
                    }

                    break;
                case "crawl-delay" when current is not null:
                    currentHasMembers = true;
                    if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
                    {
                        var delay = seconds >= MaxCrawlDelay.TotalSeconds ? MaxCrawlDelay : TimeSpan.FromSeconds(seconds);
                        current.ForEach(g => g.CrawlDelay ??= delay);
                    }

                    break;
                case "sitemap":
                    if (Uri.TryCreate(robotsUrl, value, out var sitemap)
                        && (sitemap.Scheme == Uri.UriSchemeHttp || sitemap.Scheme == Uri.UriSchemeHttps)
                        && !sitemaps.Contains(sitemap))
                    {
                        sitemaps.Add(sitemap);
                    }

                    break;
            }
        }

        return new RobotsTxt(groups, sitemaps, disallowAll: false);
    }

    /// <param name="userAgent">The crawler's product token (<c>CrawlerBot</c>), or a user-agent string that starts with it.</param>
    /// <param name="pathAndQuery">The URL's path and query, as sent to the server (<see cref="Uri.PathAndQuery"/>).</param>
    public bool IsAllowed(string userAgent, string pathAndQuery)
    {
        var path = string.IsNullOrEmpty(pathAndQuery) ? "/" : pathAndQuery;
        if (path == "/robots.txt")
        {
            return true;
        }

        if (_disallowAll)
        {
            return false;
        }

        if (GroupFor(userAgent) is not { } group)
        {
            return true;
        }

        path = RobotsPath.Normalize(path);
        var allowed = true;
        var longest = -1;
        foreach (var rule in group.Rules)
        {
            if ((rule.Length > longest || (rule.Length == longest && rule.Allow)) && rule.Matches(path))
            {
                longest = rule.Length;
                allowed = rule.Allow;
            }
        }

        return allowed;
    }

    public bool IsAllowed(string userAgent, Uri url) => IsAllowed(userAgent, url.PathAndQuery);

    public TimeSpan? CrawlDelay(string userAgent) => GroupFor(userAgent)?.CrawlDelay;

    private Group? GroupFor(string userAgent) =>
        _groups.TryGetValue(ProductToken(userAgent), out var group) || _groups.TryGetValue("*", out group) ? group : null;

    /// <summary>The leading product token (letters, '-' and '_', RFC 9309 §2.2.1), or "*".</summary>
    private static string ProductToken(string value)
    {
        var text = value.AsSpan().Trim();
        if (text.StartsWith('*'))
        {
            return "*";
        }

        var end = 0;
        while (end < text.Length && (char.IsAsciiLetter(text[end]) || text[end] is '-' or '_'))
        {
            end++;
        }

        return text[..end].ToString();
    }

    private sealed class Group
    {
        public List<RobotsPattern> Rules { get; } = [];

        public TimeSpan? CrawlDelay { get; set; }
    }
}
