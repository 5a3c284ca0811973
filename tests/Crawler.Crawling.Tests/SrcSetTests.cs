namespace Crawler.Crawling.Tests;

public sealed class SrcSetTests
{
    [Theory]
    [InlineData("a.png", new[] { "a.png" })]
    [InlineData("a.png 1x, b.png 2x", new[] { "a.png", "b.png" })]
    [InlineData("  a.png   480w ,b.png 800w  ", new[] { "a.png", "b.png" })]
    [InlineData("a.png,b.png", new[] { "a.png,b.png" })]
    [InlineData("a.png, b.png", new[] { "a.png", "b.png" })]
    [InlineData("image,1.jpg 1x, image,2.jpg 2x", new[] { "image,1.jpg", "image,2.jpg" })]
    [InlineData("/img/x.jpg?w=100,h=50 1x,/img/x.jpg?w=200,h=100 2x", new[] { "/img/x.jpg?w=100,h=50", "/img/x.jpg?w=200,h=100" })]
    [InlineData("a.png (foo, bar) 1x, b.png", new[] { "a.png", "b.png" })]
    [InlineData(",,, a.png,,, b.png", new[] { "a.png", "b.png" })]
    [InlineData("", new string[0])]
    [InlineData(" , ", new string[0])]
    public void Candidates_split_as_the_html_standard_does(string srcset, string[] expected) =>
        Assert.Equal(expected, SrcSet.Urls(srcset));
}
