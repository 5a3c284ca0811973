using System.Net;
using Garnet;

namespace Crawler.Store;

/// <summary>
/// A Garnet server in this process, durable on disk (unless <see cref="StoreOptions.Durable"/> is off): every write is in
/// the append-only log before it is acknowledged, and a restart recovers from the last checkpoint and the log since. Lua is on (Orleans' Redis providers
/// and the batch store use scripts), and each script runs as a transaction so a crash never leaves half of one applied.
/// Disk use is bounded: <see cref="StoreCheckpoints"/> keeps the log short, and compaction drops old record files.
/// </summary>
public sealed class EmbeddedGarnet : IDisposable
{
    private readonly GarnetServer _server;
    private readonly StoreCheckpoints? _checkpoints;
    private readonly string _aofDirectory;
    private readonly string? _password;

    public EmbeddedGarnet(StoreOptions options, ILoggerFactory? loggers = null)
    {
        Directory.CreateDirectory(options.DataDirectory);
        Endpoint = new IPEndPoint(IPAddress.Parse(options.LocalAddress), options.Port);
        _password = options.Password;
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
            .. options.Durable ? ["--aof", "--aof-commit-wait", "--recover", "--aof-segment-size", options.SegmentSize] : Array.Empty<string>(),
            "--lua",
            "--lua-transaction-mode",
            "--segment", options.SegmentSize,
            "--compaction-freq", "60",
            "--compaction-type", "Lookup",
            "--compaction-max-segments", options.CompactionMaxSegments.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The default native device needs libaio and takes the process down on the first log write without it.
            "--device-type", "RandomAccess",
            "-q",
            .. options.Password is { Length: > 0 } password ? ["--auth", "Password", "--password", password] : Array.Empty<string>(),
        ];
        _server = new GarnetServer(args, loggers);
        _server.Start();
        _aofDirectory = Path.Combine(options.DataDirectory, "AOF");
        if (options.Durable && options.CheckpointAofBytes > 0)
        {
            _checkpoints = new StoreCheckpoints(ConnectionString, _aofDirectory, options.CheckpointAofBytes, loggers);
        }
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>What the append-only log's files hold now.</summary>
    public long AppendOnlyLogBytes => StoreCheckpoints.AofBytesIn(_aofDirectory);

    /// <summary>A StackExchange.Redis connection string for this server, from this host.</summary>
    public string ConnectionString => _password is { Length: > 0 } ? $"{Endpoint.Address}:{Endpoint.Port},password={_password}" : $"{Endpoint.Address}:{Endpoint.Port}";

    public void Dispose()
    {
        _checkpoints?.Dispose();
        _server.Dispose();
    }
}
