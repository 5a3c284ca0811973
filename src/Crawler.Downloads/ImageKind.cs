using System.Buffers.Binary;

namespace Crawler.Downloads;

/// <summary>
/// What kind of image some bytes are, from their first bytes (magic numbers), whatever the URL or Content-Type
/// claims; SVG, being text, from its first element after an optional BOM, XML declaration, comments and doctype.
/// </summary>
public static class ImageKind
{
    /// <summary>How many leading bytes <see cref="Sniff"/> wants to see to know every type.</summary>
    public const int HeadLength = 1024;

    private static ReadOnlySpan<byte> PngMagic => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> IcoMagic => [0, 0, 1, 0];

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static readonly string[] AvifBrands = ["avif", "avis"];
    private static readonly string[] HeifBrands = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"];

    public static ImageType? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(PngMagic))
        {
            return ImageType.Png;
        }

        if (head.StartsWith(JpegMagic))
        {
            return ImageType.Jpeg;
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return ImageType.Gif;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return ImageType.WebP;
        }

        if (IsBmp(head))
        {
            return ImageType.Bmp;
        }

        if (head.Length >= 6 && head.StartsWith(IcoMagic) && BinaryPrimitives.ReadUInt16LittleEndian(head[4..]) > 0)
        {
            return ImageType.Ico;
        }

        return FileTypeBrand(head) ?? (IsSvg(head) ? ImageType.Svg : null);
    }

    public static string FileExtension(this ImageType type) => type switch
    {
        ImageType.Png => ".png",
        ImageType.Jpeg => ".jpg",
        ImageType.Gif => ".gif",
        ImageType.WebP => ".webp",
        ImageType.Bmp => ".bmp",
        ImageType.Ico => ".ico",
        ImageType.Avif => ".avif",
        ImageType.Heic => ".heic",
        ImageType.Svg => ".svg",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static string MediaType(this ImageType type) => type switch
    {
        ImageType.Png => "image/png",
        ImageType.Jpeg => "image/jpeg",
        ImageType.Gif => "image/gif",
        ImageType.WebP => "image/webp",
        ImageType.Bmp => "image/bmp",
        ImageType.Ico => "image/x-icon",
        ImageType.Avif => "image/avif",
        ImageType.Heic => "image/heic",
        ImageType.Svg => "image/svg+xml",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>"BM" alone is too weak (plenty of text starts so): the DIB header after it must have a known size.</summary>
    private static bool IsBmp(ReadOnlySpan<byte> head) =>
        head.Length >= 18
        && head.StartsWith("BM"u8)
        && BinaryPrimitives.ReadUInt32LittleEndian(head[14..]) is 12 or 40 or 52 or 56 or 64 or 108 or 124;

    /// <summary>AVIF and HEIF are ISO media files: an <c>ftyp</c> box whose major or compatible brands name the format.</summary>
    private static ImageType? FileTypeBrand(ReadOnlySpan<byte> head)
    {
        if (head.Length < 12 || !head[4..8].SequenceEqual("ftyp"u8))
        {
            return null;
        }

        var boxEnd = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(head), (uint)head.Length);
        var brands = new List<string> { System.Text.Encoding.ASCII.GetString(head[8..12]) };
        for (var at = 16; at + 4 <= boxEnd; at += 4)
        {
            brands.Add(System.Text.Encoding.ASCII.GetString(head[at..(at + 4)]));
        }

        return brands.Any(AvifBrands.Contains) ? ImageType.Avif
            : brands.Any(HeifBrands.Contains) ? ImageType.Heic
            : null;
    }

    private static bool IsSvg(ReadOnlySpan<byte> head)
    {
        var text = head.StartsWith(Utf8Bom) ? head[3..] : head;
        while (true)
        {
            text = text.TrimStart(" \t\r\n"u8);
            if (text.StartsWith("<?"u8))
            {
                text = After(text, "?>"u8);
            }
            else if (text.StartsWith("<!--"u8))
            {
                text = After(text, "-->"u8);
            }
            else if (text.StartsWith("<!"u8))
            {
                text = After(text, ">"u8);
            }
            else
            {
                return text.Length > 4
                    && text.StartsWith("<svg"u8)
                    && text[4] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'>' or (byte)'/';
            }
        }
    }

    private static ReadOnlySpan<byte> After(ReadOnlySpan<byte> text, ReadOnlySpan<byte> end)
    {
        var at = text.IndexOf(end);
        return at < 0 ? [] : text[(at + end.Length)..];
    }
}
