namespace Crawler.Downloads;

public enum ContentRejection
{
    /// <summary>More bytes arrived than the limit allows.</summary>
    TooLarge,

    /// <summary>The bytes do not have the SHA-256 they were expected to have.</summary>
    HashMismatch,
}
