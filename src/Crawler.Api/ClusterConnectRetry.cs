namespace Crawler.Api;

/// <summary>
/// Keeps the API's first connection to the cluster trying for a while instead of failing its start: a store that answers
/// slowly (a restart, a burst of load) or silos that are still starting are a pause, not a crashed API. Gives up after
/// <see cref="Patience"/>, so a wrong address still fails the start with the store's or the cluster's own error.
/// </summary>
internal sealed partial class ClusterConnectRetry(ILogger<ClusterConnectRetry> logger) : IClientConnectionRetryFilter
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly DateTime _started = DateTime.UtcNow;
    private int _attempt;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || DateTime.UtcNow - _started > Patience)
        {
            return false;
        }

        var pause = TimeSpan.FromMilliseconds(Math.Min(5_000, 250 * (1 << Math.Min(++_attempt, 5))));
        LogRetrying(_attempt, exception.GetType().Name, exception.Message, pause.TotalSeconds);
        await Task.Delay(pause, cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connecting to the cluster failed (attempt {Attempt}, {Error}: {Reason}); trying again in {Seconds:0.0} s")]
    private partial void LogRetrying(int attempt, string error, string reason, double seconds);
}
