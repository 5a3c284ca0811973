namespace Crawler.Contracts.Checks;

[GenerateSerializer]
public enum BatchState
{
    /// <summary>Created, URLs may still be arriving.</summary>
    Queued,
    Running,
    Completed,
    Cancelled,
}
