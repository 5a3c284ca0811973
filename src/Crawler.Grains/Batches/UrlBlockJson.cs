using System.Text.Json.Serialization;

namespace Crawler.Grains.Batches;

/// <summary>The JSON of a block of a batch's URLs in the store (results use the contracts' CrawlerJson).</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class UrlBlockJson : JsonSerializerContext;
