using System.IO.Compression;
using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Documents;

namespace Crawler.Grains.Batches;

/// <summary>A document check's links as the store keeps them: JSON, compressed (paths and URLs repeat a great deal).</summary>
internal static class LinkTables
{
    public static byte[] Pack(DocumentLinkTable links)
    {
        using var packed = new MemoryStream();
        using (var zip = new GZipStream(packed, CompressionLevel.Fastest))
        {
            JsonSerializer.Serialize(zip, links, CrawlerJson.Default.DocumentLinkTable);
        }

        return packed.ToArray();
    }

    public static DocumentLinkTable Unpack(byte[] packed)
    {
        using var zip = new GZipStream(new MemoryStream(packed), CompressionMode.Decompress);
        return JsonSerializer.Deserialize(zip, CrawlerJson.Default.DocumentLinkTable)
            ?? throw new InvalidDataException("A stored link table is empty.");
    }
}
