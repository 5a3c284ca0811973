namespace Crawler.SyntheticWeb.Tests;

public sealed class ServerCommandLineTests
{
    private static string? NoEnvironment(string name) => null;

    [Fact]
    public void Positional_arguments_keep_their_meaning()
    {
        var command = ServerCommandLine.Parse(["4", "8099", "20"], NoEnvironment);
        Assert.Equal(4, command.HostCount);
        Assert.Equal(4, command.Options.Addresses.Count);
        Assert.Equal(8099, command.Options.Port);
        Assert.Equal(TimeSpan.FromMilliseconds(20), command.Options.Latency);
        Assert.Equal(50, command.Options.SitePages);
        Assert.Null(command.Options.SiteCrawlDelayHost);
    }

    [Fact]
    public void Site_options_come_from_the_command_line_then_the_environment()
    {
        var environment = new Dictionary<string, string> { ["SYNTHETIC_WEB_SITE_IMAGES"] = "500", ["SYNTHETIC_WEB_SITE_PAGES"] = "7" };
        var command = ServerCommandLine.Parse(
            ["32", "8090", "0", "--site-pages", "1000", "--site-image-bytes=500000", "--site-crawl-delay-host", "3", "--site-special-images", "false"],
            environment.GetValueOrDefault);
        Assert.Equal(1000, command.Options.SitePages);
        Assert.Equal(500, command.Options.SiteImages);
        Assert.Equal(500_000, command.Options.SiteImageBytes);
        Assert.Equal(3, command.Options.SiteCrawlDelayHost);
        Assert.False(command.Options.SiteSpecialImages);
    }

    [Theory]
    [InlineData("--site-pagez", "1")]
    [InlineData("--site-pages", "many")]
    [InlineData("1", "2")]
    public void Nonsense_is_refused(string first, string second) =>
        Assert.Throws<FormatException>(() => ServerCommandLine.Parse(first == "1" ? ["1", "2", "3", "4"] : [first, second], NoEnvironment));
}
