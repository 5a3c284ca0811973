using System.Text;

namespace Crawler.Downloads.Tests;

/// <summary>The first bytes of real files of each type, padded as a file would continue.</summary>
internal static class SampleImages
{
    public static byte[] Png { get; } = Padded([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]);

    public static byte[] Jpeg { get; } = Padded([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00]);

    public static byte[] Gif87 { get; } = Padded("GIF87a"u8.ToArray());

    public static byte[] Gif89 { get; } = Padded("GIF89a\x01\x00\x01\x00"u8.ToArray());

    public static byte[] WebP { get; } = Padded([.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00, .. "WEBPVP8 "u8]);

    public static byte[] Bmp { get; } = Padded([.. "BM"u8, 0x36, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0]);

    public static byte[] Ico { get; } = Padded([0, 0, 1, 0, 1, 0, 16, 16, 0, 0]);

    public static byte[] Avif { get; } = Padded([0, 0, 0, 0x1C, .. "ftypavif"u8, 0, 0, 0, 0, .. "avifmif1miaf"u8]);

    public static byte[] AvifAsCompatibleBrand { get; } = Padded([0, 0, 0, 0x18, .. "ftypmif1"u8, 0, 0, 0, 0, .. "avif"u8, .. "miaf"u8]);

    public static byte[] Heic { get; } = Padded([0, 0, 0, 0x18, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8]);

    public static byte[] Mp4 { get; } = Padded([0, 0, 0, 0x18, .. "ftypisom"u8, 0, 0, 0, 0, .. "isomavc1"u8]);

    public static byte[] Svg { get; } = Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>");

    public static byte[] SvgWithProlog { get; } = Encoding.UTF8.GetBytes(
        "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- drawn by hand -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n  <svg\n xmlns=\"http://www.w3.org/2000/svg\"></svg>");

    public static byte[] Html { get; } = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body>not an image</body></html>");

    /// <summary>Bytes that differ with the seed, a "photo" of the given size.</summary>
    public static byte[] PngOfSize(int size, int seed = 1)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        Png.AsSpan(0, 16).CopyTo(bytes);
        return bytes;
    }

    private static byte[] Padded(byte[] head)
    {
        var bytes = new byte[Math.Max(head.Length, 64)];
        head.CopyTo(bytes, 0);
        return bytes;
    }
}
