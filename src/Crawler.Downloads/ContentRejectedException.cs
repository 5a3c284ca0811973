namespace Crawler.Downloads;

/// <summary>Content a store refused; nothing of it is left behind.</summary>
public sealed class ContentRejectedException : Exception
{
    public ContentRejectedException()
    {
    }

    public ContentRejectedException(string message)
        : base(message)
    {
    }

    public ContentRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ContentRejectedException(ContentRejection rejection, string message)
        : base(message) => Rejection = rejection;

    public ContentRejection Rejection { get; }
}
