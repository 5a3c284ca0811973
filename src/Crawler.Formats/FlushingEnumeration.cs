using System.Runtime.CompilerServices;

namespace Crawler.Formats;

internal static class FlushingEnumeration
{
    /// <summary>
    /// Enumerates <paramref name="source"/>, and each time the next item is not ready yet calls
    /// <paramref name="flush"/> while it waits, so a reader gets everything written so far without a flush per item.
    /// </summary>
    public static async IAsyncEnumerable<T> FlushingWhileWaiting<T>(
        this IAsyncEnumerable<T> source,
        Func<CancellationToken, Task> flush,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var items = source.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            var next = items.MoveNextAsync();
            if (!next.IsCompleted)
            {
                try
                {
                    await flush(cancellationToken);
                }
                catch
                {
                    // The enumerator may not be disposed while a MoveNextAsync is in flight: let it end first.
                    await ((Task)next.AsTask()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    throw;
                }
            }

            if (!await next)
            {
                yield break;
            }

            yield return items.Current;
        }
    }
}
