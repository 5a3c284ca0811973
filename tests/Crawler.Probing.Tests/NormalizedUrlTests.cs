namespace Crawler.Probing.Tests;

public sealed class NormalizedUrlTests
{
    [Theory]
    [InlineData("HTTP://Example.COM:80/a/./b/../c#frag", "http://example.com/a/c")]
    [InlineData("https://example.com:443/x?q=1&r=2#top", "https://example.com/x?q=1&r=2")]
    [InlineData("  http://example.com:8080/path  ", "http://example.com:8080/path")]
    [InlineData("http://example.com", "http://example.com/")]
    [InlineData("http://bücher.example/", "http://xn--bcher-kva.example/")]
    public void Normalizes_scheme_host_port_dot_segments_and_fragment(string raw, string expected)
    {
        Assert.True(NormalizedUrl.TryParse(raw, out var url, out var error), error);
        Assert.Equal(expected, url!.ToString());
    }

    [Theory]
    [InlineData("", "empty URL")]
    [InlineData("   ", "empty URL")]
    [InlineData("not a url", "not an absolute URL")]
    [InlineData("ftp://example.com/file", "unsupported scheme 'ftp'")]
    [InlineData("mailto:someone@example.com", "unsupported scheme 'mailto'")]
    [InlineData("file:///etc/passwd", "unsupported scheme 'file'")]
    [InlineData("/relative/path", "unsupported scheme 'file'")]
    [InlineData("http://exa mple.com/", "not an absolute URL")]
    public void Rejects_what_cannot_be_requested_with_a_reason(string raw, string reason)
    {
        Assert.False(NormalizedUrl.TryParse(raw, out var url, out var error));
        Assert.Null(url);
        Assert.Equal(reason, error);
    }

    [Fact]
    public void A_url_longer_than_8_KiB_is_invalid_before_any_request()
    {
        var longest = "http://example.com/" + new string('a', NormalizedUrl.MaxLength - "http://example.com/".Length);
        var tooLong = "http://example.com/" + new string('a', 10_240);

        Assert.True(NormalizedUrl.TryParse(longest, out _, out _));
        Assert.False(NormalizedUrl.TryParse(tooLong, out _, out var error));
        Assert.Equal($"longer than 8192 characters ({tooLong.Length})", error);
    }

    [Fact]
    public void Host_key_ignores_port_and_scheme_but_not_the_name()
    {
        NormalizedUrl.TryParse("http://Example.com:8080/a", out var a, out _);
        NormalizedUrl.TryParse("https://example.com/b", out var b, out _);
        NormalizedUrl.TryParse("https://www.example.com/b", out var c, out _);
        Assert.Equal("example.com", a!.Host);
        Assert.Equal(a.Host, b!.Host);
        Assert.NotEqual(a.Host, c!.Host);
    }
}
