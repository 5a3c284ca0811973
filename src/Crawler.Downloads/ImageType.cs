namespace Crawler.Downloads;

public enum ImageType
{
    Png,
    Jpeg,
    Gif,
    WebP,
    Bmp,
    Ico,
    Avif,
    Heic,
    Svg,
}
