using System.Text.Json.Serialization;

namespace Crawler.Grains;

/// <summary>JSON for what the grains keep in the store besides results (those use the contracts' CrawlerJson).</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class GrainsJson : JsonSerializerContext;
