using Crawler.Probing;

namespace Crawler.Crawling.Tests;

public sealed class CrawlRobotsTests
{
    private static NormalizedUrl Url(string url) => NormalizedUrl.From(new Uri(url));

    [Fact]
    public void A_site_waits_for_its_robots_txt_then_obeys_its_rules_and_delay()
    {
        var robots = new CrawlRobots(obey: true, "Crawler");
        Assert.True(robots.Needs(Url("http://a.test/x")));
        Assert.Equal("http://a.test/robots.txt", CrawlRobots.UrlFor(Url("http://a.test/deep/x?y")).ToString());

        robots.Set(Url("http://a.test/robots.txt"), RobotsTxt.Parse("User-agent: *\nDisallow: /private/\nCrawl-delay: 2"));

        Assert.False(robots.Needs(Url("http://a.test/other")));
        Assert.True(robots.Needs(Url("http://a.test:8080/other"))); // another port, another site
        Assert.Null(robots.Forbids(Url("http://a.test/public/1")));
        Assert.Equal("disallowed by http://a.test/robots.txt", robots.Forbids(Url("http://a.test/private/1")));
        Assert.Equal(TimeSpan.FromSeconds(2), robots.CrawlDelay(Url("http://a.test/public/1")));
    }

    [Fact]
    public void Robots_not_obeyed_are_neither_waited_for_nor_applied()
    {
        var robots = new CrawlRobots(obey: false, "Crawler");
        robots.Set(Url("http://a.test/robots.txt"), RobotsTxt.Parse("User-agent: *\nDisallow: /"));

        Assert.False(robots.Needs(Url("http://b.test/x")));
        Assert.Null(robots.Forbids(Url("http://a.test/x")));
        Assert.Null(robots.CrawlDelay(Url("http://a.test/x")));
    }
}
