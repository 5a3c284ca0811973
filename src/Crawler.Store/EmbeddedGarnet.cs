using System.Net;
using Garnet;

namespace Crawler.Store;

/// <summary>
/// A Garnet server in this process, durable on disk: every write is in the append-only log before it is
/// acknowledged, and a restart recovers from the log. Lua is on (Orleans' Redis providers and the batch
/// store use scripts), and each script runs as a transaction so a crash never leaves half of one applied.
/// </summary>
public sealed class EmbeddedGarnet : IDisposable
{
    private readonly GarnetServer _server;

    public EmbeddedGarnet(StoreOptions options, ILoggerFactory? loggers = null)
    {
        Directory.CreateDirectory(options.DataDirectory);
        Endpoint = new IPEndPoint(IPAddress.Parse(options.Address), options.Port);
        string[] args =
        [
            "--bind", options.Address,
            "--port", options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--memory", options.Memory,
            "--index", options.Index,
            // Records beyond the memory budget go to disk; without a storage tier Garnet drops the oldest.
            "--storage-tier",
            "--logdir", Path.Combine(options.DataDirectory, "log"),
            "--checkpointdir", options.DataDirectory,
            "--aof",
            "--aof-commit-wait",
            "--recover",
            "--lua",
            "--lua-transaction-mode",
            // The default native device needs libaio and takes the process down on the first log write without it.
            "--device-type", "RandomAccess",
            "-q",
        ];
        _server = new GarnetServer(args, loggers);
        _server.Start();
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>A StackExchange.Redis connection string for this server.</summary>
    public string ConnectionString => $"{Endpoint.Address}:{Endpoint.Port}";

    public void Dispose() => _server.Dispose();
}
