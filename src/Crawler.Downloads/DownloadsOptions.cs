namespace Crawler.Downloads;

/// <summary>Configuration section <c>Downloads</c> of a silo: where download batches keep what they fetch.</summary>
public sealed class DownloadsOptions
{
    public const string Section = "Downloads";

    /// <summary>
    /// The content store's folder, shared by every silo that may fetch for a download batch (the same disk on one
    /// machine, a shared volume in a cluster). Relative paths are from the silo's working directory.
    /// </summary>
    public string Directory { get; set; } = Path.Combine(".data", "downloads");

    /// <summary>
    /// Flush each file to disk before it is named by its hash, so that a name always holds complete content even after
    /// a power cut; off, a crash of the machine (not of a silo) may leave a named file incomplete.
    /// </summary>
    public bool FlushToDisk { get; set; } = true;
}
