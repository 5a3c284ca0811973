namespace Crawler.Contracts;

/// <summary>
/// The job's grain was activated again elsewhere while this call ran (the cluster changed under it, or a call sent again
/// reached another silo first), and this activation stepped aside. Sent again, the call reaches the newer activation:
/// <see cref="TransientRetryFilter"/> does so for calls marked <see cref="RetryableAttribute"/>.
/// </summary>
[GenerateSerializer]
[Alias("crawler.job-moved")]
public sealed class JobMovedException : Exception
{
    public JobMovedException()
    {
    }

    public JobMovedException(string message)
        : base(message)
    {
    }

    public JobMovedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
