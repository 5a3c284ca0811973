namespace Crawler.Probing.Tests;

public sealed class EngineVocabularyTests
{
    [Theory]
    [InlineData("200-299", 200, true)]
    [InlineData("200-299", 299, true)]
    [InlineData("200-299", 300, false)]
    [InlineData("200-299, 403 ,410-411", 403, true)]
    [InlineData("200-299,403,410-411", 411, true)]
    [InlineData("200-299,403,410-411", 404, false)]
    public void Status_ranges_hold_what_they_say(string text, int status, bool contained) =>
        Assert.Equal(contained, StatusRanges.Parse(text).Contains(status));

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("299-200")]
    [InlineData("99")]
    [InlineData("200-700")]
    [InlineData("200-250-299")]
    public void Bad_status_ranges_are_refused_with_a_reason(string text)
    {
        Assert.False(StatusRanges.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("example.com", "example.com", true)]
    [InlineData("example.com", "EXAMPLE.com", true)]
    [InlineData("example.com", "www.example.com", false)]
    [InlineData("*.example.com", "www.example.com", true)]
    [InlineData("*.example.com", "a.b.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", "badexample.com", false)]
    [InlineData("*", "anything.test", true)]
    [InlineData("127.0.0.2", "127.0.0.2", true)]
    public void Host_patterns_match_hosts_and_subdomains(string pattern, string host, bool matches)
    {
        Assert.True(HostPattern.TryParse(pattern, out var parsed));
        Assert.Equal(matches, parsed!.Matches(host));
    }

    [Theory]
    [InlineData("")]
    [InlineData("exa mple.com")]
    [InlineData("*.")]
    [InlineData("http://example.com")]
    public void Bad_host_patterns_are_refused(string pattern) => Assert.False(HostPattern.TryParse(pattern, out _));

    [Fact]
    public void Include_and_exclude_patterns_match_the_normalised_url()
    {
        Assert.True(UrlFilter.TryCreate([@"^https?://docs\."], [@"/private/", @"\.pdf$"], out var filter, out _));

        Assert.Null(filter!.Rejects(Url("HTTP://DOCS.example.com/guide")));
        Assert.Equal("matches no include pattern", filter.Rejects(Url("http://www.example.com/")));
        Assert.StartsWith("matches exclude pattern", filter.Rejects(Url("http://docs.example.com/private/x")), StringComparison.Ordinal);
        Assert.NotNull(filter.Rejects(Url("http://docs.example.com/a.PDF")));
    }

    [Theory]
    [InlineData("(unclosed")]
    [InlineData(@"(a)\1")] // backreferences need backtracking, which could stall a silo
    public void Patterns_that_are_invalid_or_need_backtracking_are_refused(string pattern)
    {
        Assert.False(UrlFilter.TryCreate([pattern], [], out _, out var error));
        Assert.Contains(pattern, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pattern_that_would_backtrack_forever_is_matched_in_linear_time()
    {
        // (x+x+)+y on a long run of x with no y takes a backtracking engine 2^n steps; here it is one pass over the URL.
        Assert.True(UrlFilter.TryCreate([], ["(x+x+)+y"], out var filter, out _));
        var url = Url("http://example.com/" + new string('x', 8_000));

        var verdict = await Task.Run(() => filter!.Rejects(url), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Null(verdict);
    }

    private static NormalizedUrl Url(string text) => NormalizedUrl.TryParse(text, out var url, out _) ? url! : throw new FormatException(text);
}
