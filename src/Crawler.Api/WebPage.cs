namespace Crawler.Api;

public static class WebPage
{
    /// <summary>The page at <c>/</c> (wwwroot: plain HTML, CSS and JS, no build step): submit jobs of every kind, watch them, download their results.</summary>
    public static IApplicationBuilder UseWebPage(this IApplicationBuilder app) => app.UseDefaultFiles().UseStaticFiles();
}
