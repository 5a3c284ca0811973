using System.Text;

namespace Crawler.Downloads.Tests;

public sealed class ImageKindTests
{
    private static readonly (string Sample, ImageType Type)[] Known =
    [
        (nameof(SampleImages.Png), ImageType.Png),
        (nameof(SampleImages.Jpeg), ImageType.Jpeg),
        (nameof(SampleImages.Gif87), ImageType.Gif),
        (nameof(SampleImages.Gif89), ImageType.Gif),
        (nameof(SampleImages.WebP), ImageType.WebP),
        (nameof(SampleImages.Bmp), ImageType.Bmp),
        (nameof(SampleImages.Ico), ImageType.Ico),
        (nameof(SampleImages.Avif), ImageType.Avif),
        (nameof(SampleImages.AvifAsCompatibleBrand), ImageType.Avif),
        (nameof(SampleImages.Heic), ImageType.Heic),
        (nameof(SampleImages.Svg), ImageType.Svg),
        (nameof(SampleImages.SvgWithProlog), ImageType.Svg),
    ];

    public static TheoryData<string, ImageType> Samples() => new(Known);

    private static byte[] Sample(string name) => (byte[])typeof(SampleImages).GetProperty(name)!.GetValue(null)!;

    [Theory]
    [MemberData(nameof(Samples))]
    public void Each_type_is_known_by_its_magic_number(string sample, ImageType expected) =>
        Assert.Equal(expected, ImageKind.Sniff(Sample(sample)));

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>not an image</body></html>")]
    [InlineData("<svgfoo>")]
    [InlineData("BM but only text that starts like a bitmap, and goes on as text")]
    [InlineData("GIF88a")]
    [InlineData("RIFF\u0024\0\0\0WAVEfmt ")]
    [InlineData("")]
    [InlineData("\u0089PN")]
    public void Other_bytes_are_no_image(string text) =>
        Assert.Null(ImageKind.Sniff(Encoding.Latin1.GetBytes(text)));

    [Fact]
    public void An_iso_media_file_of_another_brand_is_no_image() => Assert.Null(ImageKind.Sniff(SampleImages.Mp4));

    [Fact]
    public void A_truncated_header_is_no_image_and_never_throws()
    {
        foreach (var (sample, _) in Known)
        {
            var bytes = Sample(sample);
            for (var length = 0; length < 3; length++)
            {
                Assert.Null(ImageKind.Sniff(bytes.AsSpan(0, length)));
            }
        }
    }

    [Fact]
    public void Every_type_has_an_extension_and_a_media_type()
    {
        foreach (var type in Enum.GetValues<ImageType>())
        {
            Assert.StartsWith(".", type.FileExtension(), StringComparison.Ordinal);
            Assert.StartsWith("image/", type.MediaType(), StringComparison.Ordinal);
        }

        Assert.Equal(".jpg", ImageType.Jpeg.FileExtension());
        Assert.Equal("image/svg+xml", ImageType.Svg.MediaType());
    }
}
