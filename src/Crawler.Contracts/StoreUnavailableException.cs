namespace Crawler.Contracts;

/// <summary>
/// The store did not answer in time, or could not be reached, while a grain served the call: nothing was lost (what was
/// not written is written again), and the call may be sent again; <see cref="TransientRetryFilter"/> does so for calls
/// marked <see cref="RetryableAttribute"/>. The API answers 503 when it still fails.
/// </summary>
[GenerateSerializer]
[Alias("crawler.store-unavailable")]
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
