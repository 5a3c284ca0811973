using System.Text.Json;
using System.Text.Json.Serialization;
using Crawler.Grains.Batches;
using Crawler.Grains.Primes;
using Crawler.Grains.Tenants;

namespace Crawler.Grains.Storage;

/// <summary>
/// The JSON of the job records the grains keep as their state: property names, enum names, nothing about .NET types,
/// so a class renamed or moved reads its records as before. Case-insensitive, so records written in Pascal case read too.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(BatchRecord))]
[JsonSerializable(typeof(PrimeJobRecord))]
[JsonSerializable(typeof(ApiKeysRecord))]
[JsonSerializable(typeof(TenantRecord))]
internal sealed partial class RecordJson : JsonSerializerContext;
