namespace Crawler.Store;

/// <summary>Where and how the embedded store runs; bound from the <c>Store</c> configuration section.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>The address to listen on: loopback by default; 0.0.0.0 (the container image's) for every address.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>A password clients must give (<c>AUTH</c>); none by default. Give it as a secret.</summary>
    public string? Password { get; set; }

    /// <summary>Where this host itself reaches the store: the listening address, or loopback when that is every address.</summary>
    public string LocalAddress => Address switch
    {
        "0.0.0.0" => "127.0.0.1",
        "::" => "::1",
        _ => Address,
    };

    public int Port { get; set; } = 6379;

    /// <summary>Checkpoints and the append-only log. Relative paths are under the content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Main-log memory, in Garnet's notation (256m, 1g).</summary>
    public string Memory { get; set; } = "256m";

    /// <summary>Hash index size, in Garnet's notation.</summary>
    public string Index { get; set; } = "16m";

    /// <summary>
    /// Size of each file of the append-only log and of the records spilled to disk (at least 32m). A checkpoint deletes the
    /// log's files it covers, and compaction the record files beyond <see cref="CompactionMaxSegments"/>, a file at a time.
    /// </summary>
    public string SegmentSize { get; set; } = "64m";

    /// <summary>Files of records on disk kept before the oldest are compacted (their live records copied forward).</summary>
    public int CompactionMaxSegments { get; set; } = 16;

    /// <summary>
    /// Every write in the append-only log before it is acknowledged, and the store recovered from it at start. Off only for
    /// a store that lives and dies with its process and its temporary folder (the CLI's embedded cluster): there is nothing
    /// to recover, and waiting for the disk on every write would only slow it down.
    /// </summary>
    public bool Durable { get; set; } = true;

    /// <summary>
    /// A checkpoint is taken whenever the append-only log holds this many bytes, so that it never grows without bound and a
    /// restart replays at most this much; 0 takes none.
    /// </summary>
    public long CheckpointAofBytes { get; set; } = 256L << 20;
}
