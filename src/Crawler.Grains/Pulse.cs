namespace Crawler.Grains;

/// <summary>
/// Wakes whoever waits inside one grain: <see cref="Next"/> is the task of the next pulse; <see cref="Fire"/>
/// completes it for every waiter at once. Not thread-safe: a grain's turns are serial, and continuations run
/// asynchronously so a waiter never runs inside <see cref="Fire"/>.
/// </summary>
internal sealed class Pulse
{
    private TaskCompletionSource _next = New();

    public Task Next => _next.Task;

    public void Fire() => Detach().TrySetResult();

    /// <summary>
    /// Takes the waiters so far, to be completed later by the caller; whoever asks for <see cref="Next"/>
    /// from now on waits for a later pulse.
    /// </summary>
    public TaskCompletionSource Detach()
    {
        var current = _next;
        _next = New();
        return current;
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
