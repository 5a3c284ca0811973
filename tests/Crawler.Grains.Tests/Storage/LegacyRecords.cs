namespace Crawler.Grains.Tests.Storage;

/// <summary>
/// Grain state as the store held it before the records' own serializer: written by a cluster running commit 52b6650
/// (the last one on Orleans' default storage serializer, with the old type names CheckBatchRecord and CheckOptions),
/// copied verbatim from the store's hashes.
/// </summary>
internal static class LegacyRecords
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Storage", "Legacy", $"{name}.json"));
}
