using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Messaging;

namespace Crawler.Contracts;

/// <summary>
/// Sends a <see cref="RetryableAttribute"/> call again, after a short pause, when it failed because the cluster changed under
/// it: its silo died (the call fails as soon as the cluster declares the silo dead), a gateway went away, no answer came, or
/// the grain was activated again elsewhere meanwhile (<see cref="JobMovedException"/>, a record written by another activation).
/// The grain is then activated on a live silo, where it resumes from the store, so a client reading a result stream or
/// polling a status sees a pause, not an error. Other calls and other failures pass through untouched.
/// </summary>
public sealed partial class TransientRetryFilter(ILogger<TransientRetryFilter> logger) : IOutgoingGrainCallFilter
{
    /// <summary>How long a call is sent again at most: past the cluster's death detection with room to spare.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    private static readonly Meter Meter = new("Crawler.Cluster");
    private static readonly Counter<long> Resent = Meter.CreateCounter<long>(
        "crawler.cluster.calls_resent", "{call}", "Grain calls sent again after the cluster changed under them, by method");

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.GetCustomAttribute<RetryableAttribute>() is null)
        {
            await context.Invoke();
            return;
        }

        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            Exception? failure;
            try
            {
                await context.Invoke();
                failure = context.Response?.Exception;
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            if (failure is null || !IsTransient(failure) || Stopwatch.GetElapsedTime(started) > Budget)
            {
                if (failure is not null && context.Response?.Exception is null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                }

                return;
            }

            Resent.Add(1, new KeyValuePair<string, object?>("method", context.MethodName));
            LogResending(context.InterfaceName, context.MethodName, attempt, failure.GetType().Name, failure.Message);
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2_000, 100 * (1 << Math.Min(attempt, 5)))));
        }
    }

    /// <summary>Whether <paramref name="failure"/> is the cluster changing under a call, or its store not answering: worth sending again.</summary>
    public static bool IsTransient(Exception failure) => failure is SiloUnavailableException or OrleansMessageRejectionException
        or ConnectionFailedException or TimeoutException or GatewayTooBusyException or JobMovedException
        or StoreUnavailableException or Orleans.Storage.InconsistentStateException
        || IsStoreFailingActivation(failure);

    // A grain whose state could not be read when it was activated fails the call before any of its code (or filter) runs,
    // as Orleans' storage error over the provider's; only the names say so on this side of the wire.
    private static bool IsStoreFailingActivation(Exception failure) =>
        failure is OrleansException && failure.InnerException?.GetType().Name == "RedisStorageException";

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Interface}.{Method} failed ({Error}: {Reason}); sending it again (attempt {Attempt})")]
    private partial void LogResending(string @interface, string method, int attempt, string error, string reason);
}
