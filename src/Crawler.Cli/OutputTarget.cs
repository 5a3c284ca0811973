namespace Crawler.Cli;

/// <summary>
/// Where the command's results go: standard output, or <c>--output FILE</c>. A file is written under a temporary name
/// and takes its own name only when the command completes, so a failed or cancelled run leaves no half-written report
/// (and an earlier one is kept).
/// </summary>
public sealed class OutputTarget : IAsyncDisposable
{
    private readonly string? _path;
    private readonly string? _temporary;
    private readonly FileStream? _file;
    private bool _committed;

    public OutputTarget(TextWriter standardOutput, string? path)
    {
        if (path is null)
        {
            Writer = standardOutput;
            return;
        }

        _path = Path.GetFullPath(path);
        _temporary = $"{_path}.{Environment.ProcessId}.partial";
        try
        {
            _file = new FileStream(_temporary, FileMode.Create, FileAccess.Write, FileShare.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CrawlerCliException($"Cannot write {path}: {e.Message}", e);
        }

        Writer = new StreamWriter(_file) { NewLine = "\n" };
    }

    public TextWriter Writer { get; }

    public bool IsFile => _path is not null;

    /// <summary>Bytes as the server sent them (reports), after whatever text was written.</summary>
    public async Task<Stream> StreamAsync()
    {
        await Writer.FlushAsync();
        return _file ?? (Writer is StreamWriter { BaseStream: var stream } ? stream : new TextWriterStream(Writer));
    }

    public async Task CommitAsync()
    {
        await Writer.FlushAsync();
        if (_file is not null)
        {
            await Writer.DisposeAsync();
            File.Move(_temporary!, _path!, overwrite: true);
        }

        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null && !_committed)
        {
            await Writer.DisposeAsync();
            File.Delete(_temporary!);
        }
    }

    /// <summary>A report's bytes onto a text writer that has no stream of its own (a test's StringWriter, the console).</summary>
    private sealed class TextWriterStream(TextWriter writer) : Stream
    {
        private readonly System.Text.Decoder _decoder = System.Text.Encoding.UTF8.GetDecoder();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            var chars = new char[_decoder.GetCharCount(buffer, offset, count)];
            _decoder.GetChars(buffer, offset, count, chars, 0);
            writer.Write(chars);
        }

        public override void Flush() => writer.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
