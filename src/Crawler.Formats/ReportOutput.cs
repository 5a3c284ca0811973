using System.Text;

namespace Crawler.Formats;

/// <summary>How every writer puts bytes on its output: UTF-8 without a byte-order mark, in buffers of one size.</summary>
public static class ReportOutput
{
    /// <summary>Bytes (or characters) a writer holds before it writes them to the output, even while results keep coming.</summary>
    public const int BufferSize = 16 * 1024;

    public static UTF8Encoding Utf8 { get; } = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>A text writer on <paramref name="output"/> that leaves it open; use only its asynchronous methods.</summary>
    public static StreamWriter Text(Stream output) => new(output, Utf8, BufferSize, leaveOpen: true);
}
