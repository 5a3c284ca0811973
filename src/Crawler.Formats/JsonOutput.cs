using System.Buffers;
using System.Text.Json;
using Crawler.Contracts;

namespace Crawler.Formats;

/// <summary>
/// A <see cref="Utf8JsonWriter"/> that writes into memory, whose bytes go to the output stream only by the
/// asynchronous <see cref="FlushAsync"/>. A writer made on the stream itself would write to it synchronously
/// whenever <see cref="JsonSerializer"/> flushes it, which an HTTP response body refuses.
/// </summary>
public sealed class JsonOutput : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(ReportOutput.BufferSize);
    private readonly Stream _output;

    public JsonOutput(Stream output)
    {
        _output = output;
        Json = new Utf8JsonWriter(_buffer, new JsonWriterOptions
        {
            // The options JsonSerializer derives from CrawlerJson, so values are escaped as the API escapes them.
            Encoder = CrawlerJson.Default.Options.Encoder,
            Indented = CrawlerJson.Default.Options.WriteIndented,
        });
    }

    public Utf8JsonWriter Json { get; }

    /// <summary>Ends a line of NDJSON: a line break after the value just written, and a writer ready for the next value.</summary>
    public void EndLine()
    {
        Json.Flush();
        _buffer.Write("\n"u8);
        Json.Reset();
    }

    /// <summary>Writes what is held to the output when it has reached <see cref="ReportOutput.BufferSize"/>.</summary>
    public Task FlushIfFullAsync(CancellationToken cancellationToken)
    {
        Json.Flush();
        return _buffer.WrittenCount >= ReportOutput.BufferSize ? WriteHeldAsync(cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Writes what is held to the output and flushes it.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Json.Flush();
        await WriteHeldAsync(cancellationToken);
        await _output.FlushAsync(cancellationToken);
    }

    public void Dispose() => Json.Dispose();

    private async Task WriteHeldAsync(CancellationToken cancellationToken)
    {
        await _output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
        _buffer.ResetWrittenCount();
    }
}
