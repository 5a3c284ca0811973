using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Crawler.Grains.Jobs;

/// <summary>
/// What a job grain (a batch, a prime job) needs to outlive its silo and to serve its readers: a reminder that
/// activates it on another silo after a loss (activation resumes the job), a timer that watches it while this
/// activation runs it, and a pulse that wakes readers waiting for results. Not thread-safe: the grain's turns are serial.
/// </summary>
internal sealed class JobLifecycle(IGrainBase grain, TimeProvider time)
{
    private const string Reminder = "watchdog";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private readonly Pulse _progress = new();
    private IGrainTimer? _watchdog;

    /// <summary>Keeps a reminder for the job until <see cref="UnguardAsync"/>: it wakes the job wherever the cluster places it.</summary>
    public Task GuardAsync() => grain.RegisterOrUpdateReminder(Reminder, ReminderPeriod, ReminderPeriod);

    /// <summary>The job has nothing left to resume: its reminder goes.</summary>
    public async Task UnguardAsync()
    {
        if (await grain.GetReminder(Reminder) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }

    /// <summary>Runs <paramref name="watch"/> every <paramref name="period"/> while this activation runs the job.</summary>
    public void Watch(Func<CancellationToken, Task> watch, TimeSpan period) =>
        _watchdog ??= grain.RegisterGrainTimer(watch, new GrainTimerCreationOptions(period, period));

    public void StopWatching()
    {
        _watchdog?.Dispose();
        _watchdog = null;
    }

    /// <summary>Runs <paramref name="callback"/> once, <paramref name="due"/> from now, on the grain's turns; disposing it is cancelling it.</summary>
    public IDisposable After(TimeSpan due, Action callback) => grain.RegisterGrainTimer(
        () =>
        {
            callback();
            return Task.CompletedTask;
        },
        new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));

    /// <summary>Something new can be read: every waiting reader wakes.</summary>
    public void Progressed() => _progress.Fire();

    /// <summary>
    /// Waits for the next progress, at most <paramref name="wait"/>, and not past the moment its silo starts to stop: a
    /// stopping silo waits for the requests it runs before it deactivates the job, and a reader's long poll would hold
    /// the job there, where it can no longer progress, instead of asking its next activation. Returns whether progress came.
    /// </summary>
    public async Task<bool> WaitForProgressAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var stopping = grain.GrainContext.ActivationServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        try
        {
            await _progress.Next.WaitAsync(wait, time, waiting.Token);
            return true;
        }
        catch (TimeoutException)
        {
            return false; // nothing new yet; the reader asks again
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false; // the silo stops: the reader asks again, of the job's next activation
        }
    }
}
