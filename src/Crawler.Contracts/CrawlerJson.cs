using System.Text.Json;
using System.Text.Json.Serialization;
using Crawler.Contracts.Batches;
using Crawler.Contracts.Documents;
using Crawler.Contracts.Primes;
using Crawler.Contracts.Tenants;

namespace Crawler.Contracts;

/// <summary>The one JSON shape of every message: camelCase names, enums as lower-case words, nulls left out.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(UrlResult))]
[JsonSerializable(typeof(BatchStatus))]
[JsonSerializable(typeof(BatchRequest))]
[JsonSerializable(typeof(BatchOptions))]
[JsonSerializable(typeof(PrimeJobRequest))]
[JsonSerializable(typeof(PrimeJobStatus))]
[JsonSerializable(typeof(PrimePartitionLine))]
[JsonSerializable(typeof(PrimeLine))]
[JsonSerializable(typeof(IsPrimeLine))]
[JsonSerializable(typeof(ConcurrencySummary))]
[JsonSerializable(typeof(DocumentsRequest))]
[JsonSerializable(typeof(DocumentLinkTable))]
[JsonSerializable(typeof(ApiKeyRequest))]
[JsonSerializable(typeof(IssuedApiKey))]
[JsonSerializable(typeof(ApiKey))]
[JsonSerializable(typeof(IReadOnlyList<ApiKey>))]
[JsonSerializable(typeof(TenantUsage))]
public sealed partial class CrawlerJson : JsonSerializerContext;
