using System.Diagnostics.Metrics;
using StackExchange.Redis;

namespace Crawler.Store;

/// <summary>
/// Keeps the store's append-only log short: whenever the log's files hold <c>threshold</c> bytes, a background checkpoint
/// (BGSAVE) is taken, after which the log's files it covers are deleted. Without it the log grows with every write ever
/// made, and a restart replays all of it.
/// </summary>
public sealed partial class StoreCheckpoints : IDisposable
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(5);
    private static readonly Meter Meter = new("Crawler.Store");
    private static readonly Counter<long> Checkpoints = Meter.CreateCounter<long>("crawler.store.checkpoints", "{checkpoint}", "Checkpoints taken to keep the append-only log short");

    private readonly string _aofDirectory;
    private readonly long _threshold;
    private readonly Lazy<ConnectionMultiplexer> _connection;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public StoreCheckpoints(string connectionString, string aofDirectory, long threshold, ILoggerFactory? loggers)
    {
        _aofDirectory = aofDirectory;
        _threshold = threshold;
        _logger = (loggers ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger<StoreCheckpoints>();
        _connection = new(() => ConnectionMultiplexer.Connect($"{connectionString},allowAdmin=true,abortConnect=false"));
        Meter.CreateObservableGauge("crawler.store.aof_bytes", () => AofBytes(), "By", "Bytes in the store's append-only log files");
        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    /// <summary>What the append-only log's files hold now.</summary>
    public long AofBytes() => AofBytesIn(_aofDirectory);

    public static long AofBytesIn(string aofDirectory) =>
        Directory.Exists(aofDirectory)
            ? new DirectoryInfo(aofDirectory).EnumerateFiles("aof.log.*", SearchOption.TopDirectoryOnly).Sum(f => f.Length)
            : 0;

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(CheckEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                if (AofBytes() is var bytes && bytes >= _threshold)
                {
                    await CheckpointAsync(bytes);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task CheckpointAsync(long bytes)
    {
        try
        {
            var server = _connection.Value.GetServer(_connection.Value.GetEndPoints()[0]);
            await server.ExecuteAsync("BGSAVE");
            Checkpoints.Add(1);
            LogCheckpoint(bytes);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogCheckpointFailed(ex); // tried again on the next round
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        if (_connection.IsValueCreated)
        {
            _connection.Value.Dispose();
        }

        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Store checkpoint started: the append-only log held {Bytes} bytes")]
    private partial void LogCheckpoint(long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store checkpoint could not be started")]
    private partial void LogCheckpointFailed(Exception exception);
}
