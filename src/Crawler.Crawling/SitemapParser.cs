using System.IO.Compression;
using System.Text;
using System.Xml;
using Crawler.Probing;

namespace Crawler.Crawling;

/// <summary>
/// Reads sitemaps (sitemaps.org protocol): <c>&lt;urlset&gt;</c> and <c>&lt;sitemapindex&gt;</c> XML, whatever the
/// namespace, gzip-compressed or not (told from the bytes, not the name), or plain text with one URL a line. Stops at
/// the protocol's limits (<see cref="MaxEntries"/> entries, <see cref="MaxBytes"/> uncompressed) and never throws for
/// bad input: it returns what it read, with the reason it stopped.
/// </summary>
public static class SitemapParser
{
    public const int MaxEntries = 50_000;

    public const long MaxBytes = 50L * 1024 * 1024;

    private const int PeekBytes = 1024;

    public static SitemapContent Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var bytes = new MemoryStream(Encoding.UTF8.GetBytes(text), writable: false);
        return ParseAsync(bytes).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Reads <paramref name="content"/> (not disposed) to its end or to a limit.</summary>
    public static async ValueTask<SitemapContent> ParseAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var found = new Entries();
        var peek = new byte[PeekBytes];
        var peeked = await ReadAtLeastAsync(content, peek, 2, cancellationToken);
        Stream? unzipped = null;
        try
        {
            var plain = content;
            var head = peek.AsMemory(0, peeked);
            if (peeked >= 2 && peek[0] == 0x1f && peek[1] == 0x8b)
            {
                unzipped = new GZipStream(new BoundedStream(content, long.MaxValue, head), CompressionMode.Decompress);
                plain = unzipped;
                peeked = await ReadAtLeastAsync(unzipped, peek, PeekBytes, cancellationToken);
                head = peek.AsMemory(0, peeked);
            }
            else if (peeked < PeekBytes)
            {
                peeked += await ReadAtLeastAsync(content, peek.AsMemory(peeked), PeekBytes - peeked, cancellationToken);
                head = peek.AsMemory(0, peeked);
            }

            var bounded = new BoundedStream(plain, MaxBytes, head);
            try
            {
                await (LooksLikeXml(head.Span) ? ReadXmlAsync(bounded, found, cancellationToken) : ReadTextAsync(bounded, found, cancellationToken));
            }
            catch (Exception ex) when (ex is XmlException or InvalidDataException or DecoderFallbackException or InvalidOperationException)
            {
                found.Error ??= bounded.Exceeded ? $"larger than {MaxBytes / (1024 * 1024)} MB: the rest is ignored" : $"malformed: {ex.Message}";
            }

            if (bounded.Exceeded)
            {
                found.Error ??= $"larger than {MaxBytes / (1024 * 1024)} MB: the rest is ignored";
            }
        }
        catch (InvalidDataException ex)
        {
            found.Error ??= $"malformed gzip: {ex.Message}";
        }
        finally
        {
            if (unzipped is not null)
            {
                await unzipped.DisposeAsync();
            }
        }

        return found.Result();
    }

    private static async ValueTask<int> ReadAtLeastAsync(Stream stream, Memory<byte> buffer, int minimum, CancellationToken cancellationToken) =>
        await stream.ReadAtLeastAsync(buffer, Math.Min(minimum, buffer.Length), throwOnEndOfStream: false, cancellationToken);

    private static bool LooksLikeXml(ReadOnlySpan<byte> head)
    {
        var text = head.StartsWith("\uFEFF"u8) ? head[3..] : head;
        var start = text.IndexOfAnyExcept(" \t\r\n"u8);
        return start < 0 || text[start] == (byte)'<';
    }

    private static async Task ReadXmlAsync(Stream stream, Entries found, CancellationToken cancellationToken)
    {
        var settings = new XmlReaderSettings
        {
            Async = true,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        using var reader = XmlReader.Create(stream, settings);
        var parent = string.Empty;
        await reader.MoveToContentAsync();
        while (!reader.EOF && !found.Full)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType != XmlNodeType.Element)
            {
                await reader.ReadAsync();
                continue;
            }

            switch (reader.Depth)
            {
                case 0:
                    found.Kind = reader.LocalName switch
                    {
                        "urlset" => SitemapKind.UrlSet,
                        "sitemapindex" => SitemapKind.Index,
                        _ => SitemapKind.Unknown,
                    };
                    if (found.Kind == SitemapKind.Unknown)
                    {
                        found.Error = $"not a sitemap: the root element is <{reader.LocalName}>";
                        return;
                    }

                    break;
                case 1:
                    parent = reader.LocalName;
                    break;
                case 2 when reader.LocalName == "loc":
                    var loc = await reader.ReadElementContentAsStringAsync();
                    if (found.Kind == SitemapKind.UrlSet && parent == "url")
                    {
                        found.Add(loc, found.Pages);
                    }
                    else if (found.Kind == SitemapKind.Index && parent == "sitemap")
                    {
                        found.Add(loc, found.Sitemaps);
                    }

                    continue;
            }

            await reader.ReadAsync();
        }
    }

    private static async Task ReadTextAsync(Stream stream, Entries found, CancellationToken cancellationToken)
    {
        found.Kind = SitemapKind.Text;
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        while (!found.Full && await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                found.Add(line, found.Pages);
            }
        }
    }

    private sealed class Entries
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private int _count;

        public SitemapKind Kind { get; set; }

        public List<Uri> Pages { get; } = [];

        public List<Uri> Sitemaps { get; } = [];

        public int Skipped { get; private set; }

        public string? Error { get; set; }

        public bool Full { get; private set; }

        public void Add(string raw, List<Uri> into)
        {
            if (_count == MaxEntries)
            {
                Full = true;
                Error ??= $"more than {MaxEntries:N0} entries: the rest are ignored";
                return;
            }

            _count++;

            if (!NormalizedUrl.TryParse(raw, out var url, out _))
            {
                Skipped++;
            }
            else if (_seen.Add(url!.ToString()))
            {
                into.Add(url.Uri);
            }
        }

        public SitemapContent Result() => new(Kind, Pages, Sitemaps, Skipped, Error);
    }
}
