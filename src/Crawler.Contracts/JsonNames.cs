using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Crawler.Contracts;

/// <summary>An enum value's name as the API writes it: its JSON name (<c>completed</c>, <c>download</c>).</summary>
public static class JsonNames
{
    public static string Of<T>(T value) where T : struct, Enum =>
        JsonSerializer.Serialize(value, (JsonTypeInfo<T>)CrawlerJson.Default.GetTypeInfo(typeof(T))!).Trim('"');

    public static string Name(this JobState state) => Of(state);

    public static string Name(this Batches.BatchKind kind) => Of(kind);
}
