using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Orleans.Storage;

namespace Crawler.Grains.Storage;

/// <summary>
/// Grain state as <see cref="RecordJson"/>. Orleans' default storage serializer writes Newtonsoft JSON that names every
/// object's CLR type (<c>"$type": "Crawler.Grains.Checks.CheckBatchRecord, Crawler.Grains"</c>), which a rename makes
/// unreadable; records it wrote before this serializer are read through <see cref="LegacyRecords"/>.
/// </summary>
internal sealed class RecordSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input!, TypeInfo<T>()));

    public T Deserialize<T>(BinaryData input)
    {
        if (LegacyRecords.IsLegacy(input.ToMemory().Span))
        {
            var plain = LegacyRecords.Upgrade<T>(JsonNode.Parse(input.ToMemory().Span)!);
            return plain.Deserialize(TypeInfo<T>())!;
        }

        return JsonSerializer.Deserialize(input.ToMemory().Span, TypeInfo<T>())!;
    }

    private static JsonTypeInfo<T> TypeInfo<T>() =>
        RecordJson.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new NotSupportedException($"{typeof(T)} is not a record of RecordJson: add it there to keep it as grain state.");
}
