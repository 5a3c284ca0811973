using System.Globalization;
using System.Text;
using Crawler.Contracts.Batches;
using Crawler.Formats;

namespace Crawler.Downloads;

/// <summary>
/// The manifest of a download batch, or of the images a crawl downloaded: per URL, what it became in the content
/// store — the SHA-256 (the file's name there), size, the type its bytes show and the one the server declared,
/// whether those bytes were stored already — or why nothing was kept, and (for a crawl) the pages it was found on.
/// As a JSON array or as CSV (RFC 4180, the same guard against formula injection as the CSV report), in index order.
/// </summary>
public static class DownloadManifest
{
    public static IReadOnlyList<string> CsvColumns { get; } =
        ["index", "url", "outcome", "sha256", "bytes", "type", "declaredType", "alreadyStored", "error", "foundOn"];

    public static async Task WriteJsonAsync(IAsyncEnumerable<UrlResult> results, Stream output, CancellationToken cancellationToken)
    {
        using var json = new JsonOutput(output);
        json.Json.WriteStartArray();
        var (entries, foundOn) = await EntriesAsync(results, cancellationToken);
        foreach (var result in entries)
        {
            var writer = json.Json;
            writer.WriteStartObject();
            writer.WriteNumber("index", result.Index);
            writer.WriteString("url", result.Url);
            writer.WriteString("outcome", result.Outcome);
            if (result.Download is { } file)
            {
                writer.WriteString("sha256", file.Sha256);
                writer.WriteNumber("bytes", file.Bytes);
                writer.WriteString("type", file.Type);
                writer.WriteString("declaredType", file.DeclaredType);
                writer.WriteBoolean("alreadyStored", file.AlreadyStored);
            }
            else if (result.Error is { } error)
            {
                writer.WriteString("error", error);
            }

            if (foundOn.TryGetValue(result.Url, out var pages))
            {
                writer.WriteStartArray("foundOn");
                pages.ForEach(writer.WriteStringValue);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            await json.FlushIfFullAsync(cancellationToken);
        }

        json.Json.WriteEndArray();
        await json.FlushAsync(cancellationToken);
    }

    public static async Task WriteCsvAsync(IAsyncEnumerable<UrlResult> results, Stream output, CancellationToken cancellationToken)
    {
        await using var text = ReportOutput.Text(output);
        var row = new StringBuilder(256).AppendJoin(',', CsvColumns).Append("\r\n");
        var (entries, foundOn) = await EntriesAsync(results, cancellationToken);
        foreach (var result in entries)
        {
            var file = result.Download;
            row.Append(CultureInfo.InvariantCulture, $"{result.Index},");
            CsvText.Append(row, result.Url).Append(',');
            CsvText.Append(row, result.Outcome).Append(',');
            row.Append(CultureInfo.InvariantCulture, $"{file?.Sha256},{file?.Bytes},");
            CsvText.Append(row, file?.Type).Append(',');
            CsvText.Append(row, file?.DeclaredType).Append(',');
            row.Append(file is null ? "" : file.AlreadyStored ? "true" : "false").Append(',');
            CsvText.Append(row, file is null ? result.Error : null).Append(',');
            CsvText.Append(row, foundOn.TryGetValue(result.Url, out var pages) ? string.Join(' ', pages) : null).Append("\r\n");
            if (row.Length >= ReportOutput.BufferSize)
            {
                await text.WriteAsync(row, cancellationToken);
                row.Clear();
            }
        }

        await text.WriteAsync(row, cancellationToken);
        await text.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// The entries in index order: every result of a download batch; of a crawl, the images (what its pages show),
    /// with the pages each was found on.
    /// </summary>
    private static async Task<(List<UrlResult> Entries, Dictionary<string, List<string>> FoundOn)> EntriesAsync(
        IAsyncEnumerable<UrlResult> results, CancellationToken cancellationToken)
    {
        var all = new List<UrlResult>();
        await foreach (var result in results.WithCancellation(cancellationToken))
        {
            all.Add(result);
        }

        all.Sort((a, b) => a.Index.CompareTo(b.Index));
        var foundOn = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var page in all.Where(r => r.Page is not null))
        {
            foreach (var image in page.Page!.Images)
            {
                (foundOn.TryGetValue(image, out var pages) ? pages : foundOn[image] = []).Add(page.Url);
            }
        }

        var crawl = all.Any(r => r.Page is not null);
        return (crawl ? [.. all.Where(r => r.Download is not null || (r.Page is null && foundOn.ContainsKey(r.Url)))] : all, foundOn);
    }
}
