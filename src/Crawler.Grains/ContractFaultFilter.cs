using Crawler.Contracts;
using Crawler.Grains.Batches;
using StackExchange.Redis;

namespace Crawler.Grains;

/// <summary>
/// Faults that callers can act on cross to them in the contract's terms, which the wire carries and callers send again
/// after: a batch activation that a newer one fenced off (<see cref="StaleBatchException"/>) says <see cref="JobMovedException"/>;
/// a store that timed out or could not be reached, directly or under grain storage, says <see cref="StoreUnavailableException"/>.
/// (Their own types are not serializable, and a caller would get a codec error instead.)
/// </summary>
internal sealed class ContractFaultFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (StaleBatchException stale)
        {
            // Its message only: an inner exception crosses the wire too, and this one's type has no codec.
            throw new JobMovedException(stale.Message);
        }
        catch (Exception ex) when (StoreFault(ex) is { } store)
        {
            throw new StoreUnavailableException($"{context.InterfaceName}.{context.MethodName}: the store did not answer ({store.GetType().Name}: {store.Message})");
        }
    }

    /// <summary>
    /// The store's own fault in <paramref name="ex"/>'s chain: a timeout, a lost connection, or an Orleans provider on the
    /// store (grain storage, reminders) failing on either, which keeps only the message of what it caught.
    /// </summary>
    private static Exception? StoreFault(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is RedisTimeoutException or RedisConnectionException
                || (ex.GetType().Namespace?.StartsWith("Orleans.", StringComparison.Ordinal) == true
                    && ex.GetType().Name is "RedisStorageException" or "RedisRemindersException"))
            {
                return ex;
            }
        }

        return null;
    }
}
