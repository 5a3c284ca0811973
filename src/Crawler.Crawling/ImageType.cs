namespace Crawler.Crawling;

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
