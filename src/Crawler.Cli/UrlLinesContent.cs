using System.Net;
using System.Text;

namespace Crawler.Cli;

/// <summary>
/// URLs as a <c>text/plain</c> body, one a line, written as the request goes out: the API reads it a chunk at a time,
/// so a list of any length (up to the server's URL limit) is sent without a body held whole on either side.
/// </summary>
public sealed class UrlLinesContent : HttpContent
{
    private readonly IReadOnlyList<string> _urls;

    public UrlLinesContent(IReadOnlyList<string> urls)
    {
        _urls = urls;
        Headers.ContentType = new("text/plain") { CharSet = "utf-8" };
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        foreach (var url in _urls)
        {
            await writer.WriteLineAsync(url);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
