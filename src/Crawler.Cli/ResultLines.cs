using System.Globalization;
using Crawler.Contracts.Batches;
using Crawler.Probing;

namespace Crawler.Cli;

/// <summary>A result in one line, in the spirit of lychee: <c>[OK] https://… (0.12s)</c>, <c>[FAIL] https://… 404 (0.05s)</c>.</summary>
public static class ResultLines
{
    public static ResultLine For(UrlResult result)
    {
        var time = result.StartedAt is null ? "" : string.Create(CultureInfo.InvariantCulture, $" ({result.ElapsedMs / 1000:0.00}s)");
        return result.Outcome switch
        {
            "ok" => new("OK", "green", $"{result.Url}{time}{Details(result)}"),
            var skip when ProbeOutcomes.IsSkip(skip) => new("SKIP", "grey", $"{result.Url} {result.Outcome}{Reason(result)}"),
            "http_error" => new("FAIL", "red", $"{result.Url} {result.Status}{time}{FoundOn(result)}"),
            _ => new("FAIL", "red", $"{result.Url} {result.Outcome}{Reason(result)}{time}{FoundOn(result)}"),
        };
    }

    private static string FoundOn(UrlResult result) => result.FoundOn is { } page ? $" on {page}" : "";

    private static string Reason(UrlResult result) => result.Error is { Length: > 0 } error ? $": {error}" : "";

    private static string Details(UrlResult result) => (result.Page, result.Download) switch
    {
        ({ } page, _) => string.Create(CultureInfo.InvariantCulture, $" depth {page.Depth}, {page.Links.Count} links, {page.Images.Count} images{(page.Resources is { Count: > 0 } loads ? $", {loads.Count} resources" : "")}"),
        (_, { } file) => string.Create(CultureInfo.InvariantCulture, $" {Size(file.Bytes)} {file.Type ?? file.DeclaredType ?? "?"} {file.Sha256[..12]}{(file.AlreadyStored ? " (stored already)" : "")}"),
        _ => "",
    };

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
    };
}
