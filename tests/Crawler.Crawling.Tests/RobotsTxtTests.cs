using System.Text;

namespace Crawler.Crawling.Tests;

public sealed class RobotsTxtTests
{
    private const string Bot = "CrawlerBot";

    [Fact]
    public void A_crawler_obeys_its_own_group_else_the_star_group()
    {
        var robots = RobotsTxt.Parse(
            """
            # two agents share the first group
            User-agent: CrawlerBot
            User-agent: OtherBot
            Disallow: /private/

            User-agent: *
            Disallow: /
            Allow: /public/
            """);

        Assert.False(robots.IsAllowed(Bot, "/private/x"));
        Assert.True(robots.IsAllowed(Bot, "/anything-else"));
        Assert.False(robots.IsAllowed("OtherBot", "/private/"));
        Assert.True(robots.IsAllowed("OtherBot", "/"));
        Assert.False(robots.IsAllowed("ThirdBot", "/anything-else"));
        Assert.True(robots.IsAllowed("ThirdBot", "/public/page"));
    }

    private const string SharedAndMerged = "USER-AGENT: crawlerbot/1.0\nDISALLOW: /a\n\nuser-agent: *\ndisallow: /\n\nUser-agent: CRAWLERBOT\nDisallow: /c";

    [Theory]
    [InlineData("CrawlerBot/2.3 (+http://crawler.example/bot)", "/a", false)]
    [InlineData("CRAWLERBOT", "/b", true)]
    [InlineData("crawlerbot", "/c", false)]
    [InlineData("CrawlerBotNext", "/b", false)]
    public void Agents_compare_by_product_token_without_case_and_their_groups_merge(string agent, string path, bool allowed) =>
        Assert.Equal(allowed, RobotsTxt.Parse(SharedAndMerged).IsAllowed(agent, path));

    [Fact]
    public void No_matching_group_and_no_star_group_allows_everything()
    {
        var robots = RobotsTxt.Parse("User-agent: SomeoneElse\nDisallow: /");
        Assert.True(robots.IsAllowed(Bot, "/x"));
        Assert.Null(robots.CrawlDelay(Bot));
    }

    [Theory]
    [InlineData("Allow: /p\nDisallow: /", "/page", true)]
    [InlineData("Allow: /folder\nDisallow: /folder", "/folder/page", true)]
    [InlineData("Disallow: /folder\nAllow: /folder", "/folder/page", true)]
    [InlineData("Allow: /page\nDisallow: /*.htm", "/page.htm", false)]
    [InlineData("Allow: /$\nDisallow: /", "/", true)]
    [InlineData("Allow: /$\nDisallow: /", "/page.htm", false)]
    [InlineData("Disallow:", "/anything", true)]
    [InlineData("Disallow: /", "/robots.txt", true)]
    [InlineData("Disallow: /", "", false)]
    [InlineData("Disallow: /Private", "/private", true)]
    public void The_longest_match_wins_and_allow_wins_a_tie(string rules, string path, bool allowed) =>
        Assert.Equal(allowed, RobotsTxt.Parse($"User-agent: *\n{rules}").IsAllowed(Bot, path));

    [Theory]
    [InlineData("/fish*", "/fish", true)]
    [InlineData("/fish*", "/fish.html", true)]
    [InlineData("/fish*", "/fishheads/yummy.html", true)]
    [InlineData("/fish*", "/Fish.asp", false)]
    [InlineData("/fish*", "/catfish", false)]
    [InlineData("/*.php", "/index.php", true)]
    [InlineData("/*.php", "/folder/filename.php?parameters", true)]
    [InlineData("/*.php", "/windows.PHP", false)]
    [InlineData("/*.php$", "/filename.php", true)]
    [InlineData("/*.php$", "/filename.php?parameters", false)]
    [InlineData("/*.php$", "/filename.php5", false)]
    [InlineData("/fish*.php", "/fishheads/catfish.php?parameters", true)]
    [InlineData("/fish*.php", "/fish.PHP", false)]
    [InlineData("/a*b*c$", "/a-b-c", true)]
    [InlineData("/a*b*c$", "/a-c-b", false)]
    [InlineData("/a*bc$", "/abc", true)]
    [InlineData("/**", "/", true)]
    [InlineData("*/x", "/y/x", true)]
    public void Wildcards_and_end_anchors_match_as_the_rfc_describes(string pattern, string path, bool matches) =>
        Assert.Equal(!matches, RobotsTxt.Parse($"User-agent: *\nDisallow: {pattern}").IsAllowed(Bot, path));

    [Theory]
    [InlineData("/foo/bar?baz=quz", "/foo/bar?baz=quz")]
    [InlineData("/foo/bar/%E3%83%84", "/foo/bar/ツ")]
    [InlineData("/foo/bar/ツ", "/foo/bar/%E3%83%84")]
    [InlineData("/foo/bar/%62%61%7A", "/foo/bar/baz")]
    [InlineData("/foo/bar/baz", "/foo/bar/%62%61%7a")]
    [InlineData("/a%2fb", "/a%2Fb")]
    public void Paths_and_patterns_compare_after_percent_encoding_normalisation(string pattern, string path) =>
        Assert.False(RobotsTxt.Parse($"User-agent: *\nDisallow: {pattern}").IsAllowed(Bot, path));

    [Fact]
    public void An_escaped_reserved_character_is_not_the_character_itself() =>
        Assert.True(RobotsTxt.Parse("User-agent: *\nDisallow: /a%2Fb").IsAllowed(Bot, "/a/b"));

    [Fact]
    public void A_uri_is_checked_by_its_escaped_path_and_query()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /search?q=\nDisallow: /ツ");
        Assert.False(robots.IsAllowed(Bot, new Uri("http://example.com/search?q=cats")));
        Assert.True(robots.IsAllowed(Bot, new Uri("http://example.com/search")));
        Assert.False(robots.IsAllowed(Bot, new Uri("http://example.com/ツ/page")));
    }

    [Fact]
    public void Crawl_delay_is_read_per_group_with_the_star_group_as_fallback()
    {
        var robots = RobotsTxt.Parse("User-agent: CrawlerBot\nCrawl-delay: 2.5\n\nUser-agent: *\nCrawl-delay: 10\n\nUser-agent: Rude\nCrawl-delay: soon\n\nUser-agent: Slow\nCrawl-delay: 1e9");
        Assert.Equal(TimeSpan.FromSeconds(2.5), robots.CrawlDelay(Bot));
        Assert.Equal(TimeSpan.FromSeconds(10), robots.CrawlDelay("Anyone"));
        Assert.Null(robots.CrawlDelay("Rude"));
        Assert.Equal(TimeSpan.FromDays(1), robots.CrawlDelay("Slow"));
    }

    [Fact]
    public void Sitemaps_are_collected_from_anywhere_without_ending_a_group()
    {
        var robots = RobotsTxt.Parse(
            """
            Sitemap: https://example.com/sitemap.xml
            User-agent: *
            Sitemap: /relative-sitemap.xml
            Disallow: /x
            sitemap: https://example.com/sitemap.xml
            Sitemap: ftp://example.com/no.xml
            """,
            new Uri("https://example.com/robots.txt"));

        Assert.Equal(["https://example.com/sitemap.xml", "https://example.com/relative-sitemap.xml"], robots.Sitemaps.Select(s => s.AbsoluteUri));
        Assert.False(robots.IsAllowed(Bot, "/x"));
    }

    [Fact]
    public void Unknown_lines_comments_rules_before_any_group_and_odd_line_endings_are_tolerated()
    {
        var robots = RobotsTxt.Parse(
            "\uFEFFDisallow: /orphan\r\nthis is not a rule\rFoo: bar\r\nUser-agent: * # everyone\nDisallow: /a # no a\n\nnonsense\nDisallow: /b\r");
        Assert.True(robots.IsAllowed(Bot, "/orphan"));
        Assert.False(robots.IsAllowed(Bot, "/a"));
        Assert.False(robots.IsAllowed(Bot, "/b"));
        Assert.True(robots.IsAllowed(Bot, "/c"));
    }

    [Fact]
    public void Only_the_first_500_KiB_are_read_and_a_line_cut_there_is_dropped()
    {
        var filler = new StringBuilder("User-agent: *\n");
        while (filler.Length < RobotsTxt.MaxSize - 20)
        {
            filler.Append("# padding padding padding\n");
        }

        filler.Append(new string('#', RobotsTxt.MaxSize - 13 - filler.Length)).Append('\n'); // the cut falls right after "Disallow: /p"
        var text = filler + "Disallow: /private\nDisallow: /late\n";
        var robots = RobotsTxt.Parse(text);
        Assert.True(robots.IsAllowed(Bot, "/p"));
        Assert.True(robots.IsAllowed(Bot, "/private"));
        Assert.True(robots.IsAllowed(Bot, "/late"));

        var bytes = RobotsTxt.Parse(Encoding.UTF8.GetBytes("User-agent: *\nDisallow: /early\n" + new string('#', RobotsTxt.MaxSize) + "\nDisallow: /late"));
        Assert.False(bytes.IsAllowed(Bot, "/early"));
        Assert.True(bytes.IsAllowed(Bot, "/late"));
    }

    [Theory]
    [InlineData(200, "/secret", false)]
    [InlineData(404, "/secret", true)]
    [InlineData(403, "/secret", true)]
    [InlineData(410, "/anything", true)]
    [InlineData(301, "/anything", true)]
    [InlineData(429, "/anything", false)]
    [InlineData(500, "/anything", false)]
    [InlineData(503, "/anything", false)]
    [InlineData(null, "/anything", false)]
    public void A_fetch_result_maps_to_rules_as_rfc_9309_says(int? status, string path, bool allowed)
    {
        var robots = RobotsTxt.ForResponse(status, "User-agent: *\nDisallow: /secret");
        Assert.Equal(allowed, robots.IsAllowed(Bot, path));
        Assert.True(robots.IsAllowed(Bot, "/robots.txt"));
    }
}
