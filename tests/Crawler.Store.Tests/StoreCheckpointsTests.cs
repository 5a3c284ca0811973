using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Crawler.Store.Tests;

/// <summary>The embedded store's disk use: checkpoints keep its append-only log short, and a restart recovers from them.</summary>
public sealed class StoreCheckpointsTests
{
    private const long Threshold = 48L << 20;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_log_stays_short_with_checkpoints_and_a_restart_still_finds_everything()
    {
        var folder = Directory.CreateTempSubdirectory("crawler-checkpoints-");
        var plain = Directory.CreateTempSubdirectory("crawler-no-checkpoints-");
        try
        {
            var kept = await WriteAsync(folder.FullName, checkpoints: true);
            var grown = await WriteAsync(plain.FullName, checkpoints: false);

            Assert.True(kept < Threshold, $"with checkpoints the log holds {kept >> 20} MiB");
            Assert.True(grown > 2 * Threshold, $"without them it holds {grown >> 20} MiB");

            using var again = new EmbeddedGarnet(Options(folder.FullName, checkpoints: true));
            await using var redis = await ConnectionMultiplexer.ConnectAsync(again.ConnectionString);
            Assert.Equal("last", (string?)await redis.GetDatabase().StringGetAsync("marker"));
            Assert.Equal(new string('v', 500), (string?)await redis.GetDatabase().StringGetAsync("k:123:456"));
        }
        finally
        {
            folder.Delete(recursive: true);
            plain.Delete(recursive: true);
        }
    }

    /// <summary>Writes about 120 MB, waits for the checkpoints to catch up, and returns what the log holds then.</summary>
    private static async Task<long> WriteAsync(string folder, bool checkpoints)
    {
        using var garnet = new EmbeddedGarnet(Options(folder, checkpoints));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(garnet.ConnectionString);
        var db = redis.GetDatabase();
        var value = new string('v', 500);
        for (var block = 0; block < 240; block++)
        {
            await Task.WhenAll(Enumerable.Range(0, 1_000).Select(i => db.StringSetAsync($"k:{block}:{i}", value)));
        }

        await db.StringSetAsync("marker", "last");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (checkpoints && garnet.AppendOnlyLogBytes >= Threshold && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500, Cancellation);
        }

        return garnet.AppendOnlyLogBytes;
    }

    private static StoreOptions Options(string folder, bool checkpoints) => new()
    {
        Address = IPAddress.Loopback.ToString(),
        Port = FreePort(),
        DataDirectory = folder,
        Memory = "64m",
        SegmentSize = "32m",
        CheckpointAofBytes = checkpoints ? Threshold : 0,
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
