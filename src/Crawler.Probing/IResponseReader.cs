namespace Crawler.Probing;

/// <summary>
/// What a fetch takes from a good answer beyond its status: a page's links, an image's bytes. With a reader
/// the prober asks with GET only and hands it the final accepted response, within the attempt's timeout;
/// a body that breaks off mid-way fails the attempt as a connection error (worth another attempt).
/// </summary>
public interface IResponseReader
{
    /// <summary>Adjusts every GET before it goes out, e.g. to ask only for the rest of a download cut earlier.</summary>
    void Prepare(HttpRequestMessage request, NormalizedUrl url);

    Task<FetchedContent?> ReadAsync(HttpResponseMessage response, NormalizedUrl url, CancellationToken cancellationToken);
}

/// <summary>What an <see cref="IResponseReader"/> made of a body.</summary>
public abstract record FetchedContent;
