using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Crawler.Contracts;
using Crawler.Contracts.Tenants;
using Crawler.Testing;

namespace Crawler.Deploy.Tests;

/// <summary>
/// The whole cluster in containers, from the images deploy/images/build.sh builds: a store, two silos and the API, run by
/// podman with host networking on loopback addresses only (127.0.3.1 the store, .2 and .3 the silos, .4 the API), each
/// read-only but for its volume, as in production (keys on, an admin key) but for the address guard, which allows the
/// loopback web the tests check. Podman and what it needs are installed first when missing (as root).
/// </summary>
public sealed class ContainerCluster : IAsyncLifetime
{
    public const string AdminKey = "container-admin-key-0123456789abcdef01";

    private static readonly string[] Packages =
    [
        "podman:/usr/bin/podman", "buildah:/usr/bin/buildah", "runc:/usr/sbin/runc", "netavark:/usr/lib/podman/netavark",
        "aardvark-dns:/usr/lib/podman/aardvark-dns", "catatonit:/usr/bin/catatonit", "docker-registry:/usr/bin/docker-registry",
    ];

    private readonly string _name = $"crawler-test-{Guid.NewGuid():N}"[..20];
    private readonly DirectoryInfo _volumes = Directory.CreateTempSubdirectory("crawler-containers-");
    private readonly Dictionary<string, string[]> _containers = [];
    private string[] _images = [];
    private Process? _registry;
    private string _registryAddress = "";

    public string ApiAddress { get; private set; } = "";

    /// <summary>Seconds from the first <c>podman run</c> to an API that answers ready, and to build the images.</summary>
    public (double Build, double Start) Timings { get; private set; }

    public string SiloName(int silo) => $"{_name}-silo-{silo}";

    public async ValueTask InitializeAsync()
    {
        foreach (var package in Packages)
        {
            var (name, path) = (package.Split(':')[0], package.Split(':')[1]);
            await DebianPackages.EnsureAsync(name, path, TestContext.Current.CancellationToken);
        }

        _registryAddress = $"127.0.0.1:{FreePort()}";
        var config = Path.Combine(_volumes.FullName, "registry.yml");
        await File.WriteAllTextAsync(config, $"version: 0.1\nstorage:\n  inmemory: {{}}\nhttp:\n  addr: {_registryAddress}\n");
        _registry = Process.Start(new ProcessStartInfo("/usr/bin/docker-registry", ["serve", config]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        _ = _registry.StandardOutput.ReadToEndAsync();
        _ = _registry.StandardError.ReadToEndAsync();
        await WaitAsync($"http://{_registryAddress}/v2/", TimeSpan.FromSeconds(30));

        var built = Stopwatch.StartNew();
        var images = _images = (await Podman.ToolAsync("bash", TimeSpan.FromMinutes(20), "deploy/images/build.sh", "--registry", _registryAddress, "--tag", _name)).Split('\n');
        foreach (var image in images)
        {
            await Podman.RunAsync("pull", "-q", "--tls-verify=false", image);
        }

        var buildSeconds = built.Elapsed.TotalSeconds;
        var started = Stopwatch.StartNew();
        var store = $"127.0.3.1:{FreePort()}";
        Directory.CreateDirectory(Path.Combine(_volumes.FullName, "data"));
        Directory.CreateDirectory(Path.Combine(_volumes.FullName, "downloads"));
        await RunAsync($"{_name}-store", "crawler-store", "127.0.3.1",
            ["-v", $"{_volumes.FullName}/data:/data:U"],
            ["Store__Address=127.0.3.1", $"Store__Port={store.Split(':')[1]}", "Store__Password=container-store-password"]);
        var connection = $"ConnectionStrings__store={store},password=container-store-password";
        for (var silo = 1; silo <= 2; silo++)
        {
            var address = $"127.0.3.{1 + silo}";
            await RunAsync(SiloName(silo), "crawler-silo", address,
                ["-v", $"{_volumes.FullName}/downloads:/downloads:U"],
                [connection, $"Orleans__Endpoints__AdvertisedIPAddress={address}", $"Orleans__Endpoints__SiloPort={FreePort()}",
                 $"Orleans__Endpoints__GatewayPort={FreePort()}", "AddressGuard__AllowedNetworks__0=127.0.0.0/8"]);
        }

        ApiAddress = await RunAsync($"{_name}-api", "crawler-api", "127.0.3.4", [], [connection, $"Auth__AdminKey={AdminKey}"]);
        Timings = (buildSeconds, started.Elapsed.TotalSeconds);
    }

    /// <summary>A client of the API with a new key of <paramref name="tenant"/>.</summary>
    public async Task<HttpClient> ClientAsync(string tenant)
    {
        using var admin = new HttpClient { BaseAddress = new Uri(ApiAddress) };
        admin.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        using var created = await admin.PostAsJsonAsync("/api/admin/keys", new ApiKeyRequest(tenant, null), CrawlerJson.Default.ApiKeyRequest);
        created.EnsureSuccessStatusCode();
        var key = (await created.Content.ReadFromJsonAsync(CrawlerJson.Default.IssuedApiKey))!.Key;
        var client = new HttpClient { BaseAddress = new Uri(ApiAddress), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Starts a silo container again (after a kill or a stop), as the same container; waits until it is ready.</summary>
    public async Task RestartAsync(string container)
    {
        await Podman.RunAsync("start", container);
        await WaitAsync($"{HealthOf(container)}/health", TimeSpan.FromMinutes(2));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var container in _containers.Keys)
        {
            try
            {
                await Podman.RunAsync("rm", "-f", "-t", "0", container);
            }
            catch (InvalidOperationException)
            {
                // gone already
            }
        }

        // The images pulled for this run go with it: each run tags its own, and they would pile up.
        foreach (var image in _images)
        {
            try
            {
                await Podman.RunAsync("rmi", "-f", image);
            }
            catch (InvalidOperationException)
            {
            }
        }

        if (_registry is { HasExited: false })
        {
            _registry.Kill();
        }

        _registry?.Dispose();
        _volumes.Delete(recursive: true);
    }

    /// <summary>Runs an image as a container on <paramref name="address"/> (host networking), read-only; returns its HTTP address once ready.</summary>
    private async Task<string> RunAsync(string container, string image, string address, string[] volumes, string[] environment)
    {
        var http = $"http://{address}:{FreePort()}";
        string[] arguments =
        [
            "run", "-d", "--name", container, "--network", "host", "--read-only", "--stop-timeout", "30",
            .. volumes, "-e", $"ASPNETCORE_URLS={http}", .. environment.SelectMany(e => new[] { "-e", e }),
            $"{_registryAddress}/{image}:{_name}",
        ];
        _containers[container] = arguments;
        await Podman.RunAsync(arguments);
        try
        {
            await WaitAsync($"{http}/health", TimeSpan.FromMinutes(2));
        }
        catch (Exception e) when (e is TimeoutException or HttpRequestException or TaskCanceledException)
        {
            // What the container says is the only account of why it did not come up: keep it in the failure.
            throw new InvalidOperationException($"{container} was not ready at {http} within two minutes; {await DescribeAsync(container)}", e);
        }

        return http;
    }

    /// <summary>A container's state and the end of its log, for a failure message; what cannot be read is said so.</summary>
    private static async Task<string> DescribeAsync(string container)
    {
        try
        {
            var state = (await Podman.RunAsync("inspect", "-f", "{{.State.Status}}, exit code {{.State.ExitCode}}", container)).Trim();
            var log = await Podman.RunAsync("logs", "--tail", "40", container);
            return $"state: {state}; last lines of its log:\n{log}";
        }
        catch (Exception e)
        {
            return $"its state and log could not be read: {e.Message}";
        }
    }

    private string HealthOf(string container) =>
        _containers[container].First(a => a.StartsWith("ASPNETCORE_URLS=", StringComparison.Ordinal))["ASPNETCORE_URLS=".Length..];

    private static async Task WaitAsync(string url, TimeSpan within)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"{url} not ready within {within}");
            }

            await Task.Delay(250);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
