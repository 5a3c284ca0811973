using Crawler.Contracts.Batches;

namespace Crawler.Api.Tests;

/// <summary>A batch's settings for some hosts: which applies, what they change, what is refused and what is hidden.</summary>
public sealed class HostSettingsTests
{
    private static readonly BatchOptions Options = new()
    {
        PerHostConcurrency = 4,
        PerHostDelayMs = 0,
        Headers = new Dictionary<string, string> { ["Accept"] = "text/html", ["X-Team"] = "all" },
        Hosts =
        [
            new HostSettings { Host = "*", PerHostDelayMs = 100 },
            new HostSettings { Host = "*.example.org", PerHostConcurrency = 2 },
            new HostSettings { Host = "*.docs.example.org", PerHostConcurrency = 8 },
            new HostSettings { Host = "api.docs.example.org", PerHostConcurrency = 1, Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer s3cret", ["x-team"] = "api" } },
        ],
    };

    [Theory]
    [InlineData("api.docs.example.org", 1, 0)]
    [InlineData("www.docs.example.org", 8, 0)]
    [InlineData("www.example.org", 2, 0)]
    [InlineData("elsewhere.net", 4, 100)]
    public void The_most_specific_match_applies(string host, int concurrency, int delay)
    {
        var options = Options.ForHost(host);

        Assert.Equal((concurrency, delay), (options.PerHostConcurrency, options.PerHostDelayMs));
    }

    [Fact]
    public void A_hosts_headers_join_the_batchs_and_replace_those_of_the_same_name_for_that_host_only()
    {
        var api = Options.ForHost("api.docs.example.org").Headers;
        var other = Options.ForHost("www.example.org").Headers;

        Assert.Equal(("text/html", "api", "Bearer s3cret"), (api["Accept"], api["X-Team"], api["Authorization"]));
        Assert.Equal(2, other.Count);
        Assert.Equal("all", other["X-Team"]);
    }

    [Fact]
    public void Bad_settings_are_named_and_secret_headers_are_hidden()
    {
        var bad = new BatchOptions { Hosts = [new HostSettings { Host = "not a host", PerHostConcurrency = 0, Headers = new Dictionary<string, string> { ["Host"] = "x" } }] };

        var errors = bad.Validate(BatchKind.Check);

        Assert.Equal(["'not a host' is not a host, *.host or *", "the concurrency of not a host must be between 1 and 1000", "'Host' is set by the checker itself"], errors["hosts"]);
        Assert.Equal("***", Options.Redact().Hosts[3].Headers["Authorization"]);
        Assert.False(BatchOptionsQuery.Fits(Options)); // host settings need the JSON body
    }
}
