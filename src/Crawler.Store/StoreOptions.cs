namespace Crawler.Store;

/// <summary>Where and how the embedded store runs; bound from the <c>Store</c> configuration section.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    public string Address { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 6379;

    /// <summary>Checkpoints and the append-only log. Relative paths are under the content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Main-log memory, in Garnet's notation (256m, 1g).</summary>
    public string Memory { get; set; } = "256m";

    /// <summary>Hash index size, in Garnet's notation.</summary>
    public string Index { get; set; } = "16m";
}
