using System.Text.Json;
using System.Text.Json.Nodes;
using Crawler.Contracts.Batches;
using Crawler.Grains.Batches;

namespace Crawler.Grains.Storage;

/// <summary>
/// Records as Orleans' default storage serializer wrote them (before <see cref="RecordSerializer"/>): Newtonsoft JSON
/// with <c>$id</c> on every object, <c>$type</c> naming its CLR type, arrays wrapped as <c>{"$values": [...]}</c>, a
/// repeated object as <c>{"$ref": id}</c>, and Pascal-case names. Turned into plain JSON, they read as any record.
/// </summary>
internal static class LegacyRecords
{
    /// <summary>Whether the record's first property is Newtonsoft's metadata (a plain record never starts with <c>$</c>).</summary>
    public static bool IsLegacy(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        return reader.Read() && reader.TokenType == JsonTokenType.StartObject
            && reader.Read() && reader.TokenType == JsonTokenType.PropertyName
            && reader.ValueSpan.Length > 0 && reader.ValueSpan[0] == (byte)'$';
    }

    /// <summary>The legacy record as plain JSON, with what later versions of <typeparamref name="T"/> added filled in.</summary>
    public static JsonNode Upgrade<T>(JsonNode legacy)
    {
        var plain = Plain(legacy, [])!;
        if (typeof(T) == typeof(BatchRecord) && plain is JsonObject batch)
        {
            batch[nameof(BatchRecord.Kind)] ??= KindOf(batch);
        }

        return plain;
    }

    /// <summary>
    /// A batch written before batches had a kind was a download when its options said <c>"Download": true</c>, and a
    /// crawl when they held crawl settings. This is the only place a kind is told from options.
    /// </summary>
    private static string KindOf(JsonObject batch)
    {
        var options = batch["Options"] as JsonObject;
        var kind = options?["Crawl"] is JsonObject ? BatchKind.Crawl
            : options?["Download"]?.GetValue<bool>() == true ? BatchKind.Download
            : BatchKind.Check;
        return JsonSerializer.Serialize(kind, RecordJson.Default.BatchKind).Trim('"');
    }

    private static JsonNode? Plain(JsonNode? node, Dictionary<string, JsonNode?> byId)
    {
        switch (node)
        {
            case JsonObject obj when obj["$ref"] is { } reference:
                return byId.TryGetValue(reference.ToString(), out var target) ? target?.DeepClone() : null;
            case JsonObject obj when obj["$values"] is JsonArray values:
                var array = (JsonArray)Plain(values, byId)!;
                Remember(obj, array, byId);
                return array;
            case JsonObject obj:
                var plain = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    if (!name.StartsWith('$'))
                    {
                        plain[name] = Plain(value, byId);
                    }
                }

                Remember(obj, plain, byId);
                return plain;
            case JsonArray list:
                return new JsonArray([.. list.Select(item => Plain(item, byId))]);
            default:
                return node?.DeepClone();
        }
    }

    private static void Remember(JsonObject legacy, JsonNode plain, Dictionary<string, JsonNode?> byId)
    {
        if (legacy["$id"] is { } id)
        {
            byId[id.ToString()] = plain;
        }
    }
}
