using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;
using Xunit;

namespace Crawler.Testing;

/// <summary>
/// Debian's redis-server (installed when missing, as root) on a loopback port of its own, durable as production wants it
/// (append-only, fsync on every write) and with a password: a store that is not Garnet, reached by configuration alone.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    public const string Password = "redis-test-password";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("crawler-redis-");
    private Process? _server;
    private int _port;

    /// <summary>A StackExchange.Redis connection string, with the password.</summary>
    public string ConnectionString => $"127.0.0.1:{_port},password={Password}";

    public async ValueTask InitializeAsync()
    {
        _port = FreePort();
        await StartAsync();
    }

    /// <summary>Kills the server as <c>kill -9</c> would: no shutdown, no last save; what it acknowledged is in its log.</summary>
    public async Task KillAsync()
    {
        _server!.Kill();
        await _server.WaitForExitAsync();
        _server.Dispose();
        _server = null;
    }

    /// <summary>Starts the server again on its port and folder: it recovers what it acknowledged from its append-only log.</summary>
    public Task RestartAsync() => StartAsync();

    private async Task StartAsync()
    {
        var redis = await DebianPackages.EnsureAsync("redis-server", "/usr/bin/redis-server", TestContext.Current.CancellationToken);
        var start = new ProcessStartInfo(redis) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["--bind", "127.0.0.1", "--port", $"{_port}", "--dir", _folder.FullName, "--appendonly", "yes",
                     "--appendfsync", "always", "--save", "", "--requirepass", Password, "--protected-mode", "yes"])
        {
            start.ArgumentList.Add(argument);
        }

        var server = _server = Process.Start(start)!;
        _ = server.StandardOutput.ReadToEndAsync();
        _ = server.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisException) when (DateTime.UtcNow < deadline && !server.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            await _server.WaitForExitAsync();
        }

        _server?.Dispose();
        _folder.Delete(recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
