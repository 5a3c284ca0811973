using Crawler.Contracts.Batches;

namespace Crawler.Formats.Tests;

internal static class ResultAssert
{
    /// <summary>Every field of <paramref name="actual"/> equals <paramref name="expected"/>'s (records compare lists by reference).</summary>
    public static void Same(UrlResult expected, UrlResult? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Redirects = [] }, actual with { Redirects = [] });
        Assert.Equal(expected.Redirects, actual.Redirects);
    }
}
