using System.Net;
using System.Net.Sockets;
using Crawler.Contracts;
using Crawler.Downloads;
using Crawler.Probing.Targets;
using Crawler.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crawler.Cli;

/// <summary>
/// A whole Crawler in this process, for a command run without <c>--server</c>: a Garnet store in a temporary folder, one
/// silo with every grain, and the HTTP API on a loopback port of its own choosing. The commands talk to it over HTTP
/// exactly as they talk to a remote cluster, so the two modes cannot drift apart.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly DirectoryInfo _folder;
    private readonly EmbeddedGarnet _store;
    private readonly WebApplication _app;

    private EmbeddedCluster(DirectoryInfo folder, EmbeddedGarnet store, WebApplication app, Uri address)
    {
        _folder = folder;
        _store = store;
        _app = app;
        Address = address;
    }

    /// <summary>The API's base address, on 127.0.0.1.</summary>
    public Uri Address { get; }

    /// <param name="downloads">The content store's folder (images and other downloads); null for one that goes with the cluster.</param>
    /// <param name="verbose">Let the cluster's own log lines (warnings and up) through to standard error.</param>
    /// <param name="guard">Which addresses its silo may connect to (a local tool's default: all but reserved ones).</param>
    /// <param name="settings">Settings over the local tool's (a test that serves with keys on).</param>
    public static async Task<EmbeddedCluster> StartAsync(
        string? downloads, bool verbose, AddressGuardOptions guard, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var folder = Directory.CreateTempSubdirectory("crawler-cli-");
        EmbeddedGarnet? store = null;
        WebApplication? app = null;
        try
        {
            store = new EmbeddedGarnet(new StoreOptions
            {
                Address = IPAddress.Loopback.ToString(),
                Port = FreePort(),
                DataDirectory = Path.Combine(folder.FullName, "store"),
                Memory = "64m",
                Index = "8m",
                Durable = false, // its folder goes with the process
            });

            // An empty content root: an appsettings.json in the user's working directory is not this cluster's.
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = folder.FullName, Args = [] });
            builder.Configuration.AddInMemoryCollection(Configuration(store.ConnectionString, downloads ?? Path.Combine(folder.FullName, "downloads"), guard));
            builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            if (verbose)
            {
                builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
            }

            builder.AddServiceDefaults();
            builder.AddKeyedRedisClient(CrawlerCluster.Store);
            builder.UseOrleans(silo => silo.AddCrawlerGrains());
            builder.AddCrawlerApiServices();

            app = builder.Build();
            app.MapCrawlerApi();
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new EmbeddedCluster(folder, store, app, new Uri(address));
        }
        catch
        {
            // Interrupted while starting (Ctrl-C) or failed: nothing of it may outlive the command.
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            store?.Dispose();
            folder.Delete(recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Nothing of an embedded cluster outlives the command, so its silo need not hand anything over on the way out.
        using (var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(quick.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await _app.DisposeAsync();
        _store.Dispose();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the store's last flush; the folder is in the temporary directory anyway.
        }
    }

    private static Dictionary<string, string?> Configuration(string store, string downloads, AddressGuardOptions guard)
    {
        var cluster = $"crawler-cli-{Guid.NewGuid():N}";
        var configuration = CrawlerCluster.Defaults(silo: true);
        configuration[$"ConnectionStrings:{CrawlerCluster.Store}"] = store;
        configuration["Orleans:ClusterId"] = cluster;
        configuration["Orleans:ServiceId"] = cluster;
        configuration["Orleans:Endpoints:AdvertisedIPAddress"] = IPAddress.Loopback.ToString();
        configuration["Orleans:Endpoints:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        configuration["Orleans:Endpoints:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        configuration[$"{DownloadsOptions.Section}:Directory"] = Path.GetFullPath(downloads);
        configuration["Aspire:StackExchange:Redis:DisableTracing"] = "true";
        // A local tool, run by the person whose machine it checks: no keys, and the guard the command line asked for.
        configuration["Auth:Enabled"] = "false";
        foreach (var limit in (string[])["SubmissionsPerMinute", "MaxRunningJobs", "UrlsPerDay", "MaxCrawlPages", "MaxDownloadBytesPerJob", "DownloadBytesPerDay", "PrimeWorkPerJob", "PrimeWorkPerDay"])
        {
            configuration[$"Quotas:{limit}"] = "0";
        }

        configuration[$"{AddressGuardOptions.Section}:{nameof(guard.AllowLoopback)}"] = guard.AllowLoopback.ToString();
        configuration[$"{AddressGuardOptions.Section}:{nameof(guard.AllowPrivate)}"] = guard.AllowPrivate.ToString();
        configuration[$"{AddressGuardOptions.Section}:{nameof(guard.AllowLinkLocal)}"] = guard.AllowLinkLocal.ToString();
        return configuration;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
