using System.Net;
using Crawler.Api;
using Crawler.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crawler.Browser.Tests;

/// <summary>
/// The real API on Kestrel (an Orleans client of the test cluster, with the test's settings over development's), and the
/// page it serves open in Debian's Chromium through Playwright, with every error the page logs collected.
/// </summary>
internal sealed class PageSession : IAsyncDisposable
{
    // Generous: two cores run three silos, the store, the API, the web and the browser.
    public const float ActionTimeoutMs = 60_000;

    private WebApplicationFactory<ApiOptions>? _api;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private PageSession()
    {
    }

    public IPage Page { get; private set; } = null!;

    /// <summary>A client of the same API, for what the test checks behind the page's back.</summary>
    public HttpClient Http { get; private set; } = null!;

    public List<string> PageErrors { get; } = [];

    public ILocator TestId(string id) => Page.GetByTestId(id);

    public static async Task<PageSession> OpenAsync(ClusterFixture cluster, IReadOnlyDictionary<string, string?>? settings, CancellationToken cancellationToken)
    {
        var chromium = await DebianPackages.EnsureAsync("chromium", "/usr/bin/chromium", cancellationToken);
        var session = new PageSession();
        try
        {
            session._api = new WebApplicationFactory<ApiOptions>().WithWebHostBuilder(web =>
            {
                foreach (var (key, value) in cluster.ApiConfiguration.Concat(settings ?? new Dictionary<string, string?>()))
                {
                    web.UseSetting(key, value);
                }
            });
            // UseKestrel(0) was seen listening on the default localhost:5000; a loopback port of the system's choosing is what a test needs.
            session._api.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            session._api.StartServer();
            var address = session._api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            session.Http = new HttpClient { BaseAddress = new Uri(address) };

            session._playwright = await Playwright.CreateAsync();
            session._browser = await session._playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = chromium,
                Headless = true,
                Timeout = 120_000,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            var page = session.Page = await session._browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, BaseURL = address, AcceptDownloads = true });
            page.SetDefaultTimeout(ActionTimeoutMs);
            SetDefaultExpectTimeout(ActionTimeoutMs);
            page.PageError += (_, error) => session.PageErrors.Add(error);
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    session.PageErrors.Add(message.Text);
                }
            };
            await page.GotoAsync("/");
            await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Http?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }
}
