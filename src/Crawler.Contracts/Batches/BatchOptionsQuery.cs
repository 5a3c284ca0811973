using System.Globalization;

namespace Crawler.Contracts.Batches;

/// <summary>
/// Batch options as the query string of a <c>text/plain</c> submission, both ways: the API reads them, the CLI writes
/// them. Parameters are named as the JSON fields; lists (include, exclude) repeat their parameter. Headers, credentials,
/// host settings and crawl settings have no query form: they need the JSON body.
/// </summary>
public static class BatchOptionsQuery
{
    private static readonly Parameter[] Parameters =
    [
        Number("maxConcurrency", o => o.MaxConcurrency, (o, v) => o with { MaxConcurrency = v }),
        Number("perHostConcurrency", o => o.PerHostConcurrency, (o, v) => o with { PerHostConcurrency = v }),
        Number("perHostDelayMs", o => o.PerHostDelayMs, (o, v) => o with { PerHostDelayMs = v }),
        Number("timeoutMs", o => o.TimeoutMs, (o, v) => o with { TimeoutMs = v }),
        Number("maxRedirects", o => o.MaxRedirects, (o, v) => o with { MaxRedirects = v }),
        Number("retries", o => o.Retries, (o, v) => o with { Retries = v }),
        Number("maxRetryAfterMs", o => o.MaxRetryAfterMs, (o, v) => o with { MaxRetryAfterMs = v }),
        Number("cacheTtlSeconds", o => o.CacheTtlSeconds, (o, v) => o with { CacheTtlSeconds = v }),
        Flag("headFirst", o => o.HeadFirst, (o, v) => o with { HeadFirst = v }),
        Flag("allowInvalidTls", o => o.AllowInvalidTls, (o, v) => o with { AllowInvalidTls = v }),
        Flag("anchors", o => o.Anchors, (o, v) => o with { Anchors = v }),
        Text("userAgent", o => o.UserAgent, (o, v) => o with { UserAgent = v }),
        Text("accept", o => o.Accept, (o, v) => o with { Accept = v }),
        new("include", o => o.Include, (o, v) => o with { Include = [.. v] }),
        new("exclude", o => o.Exclude, (o, v) => o with { Exclude = [.. v] }),
    ];

    /// <summary>The parameters' names (compared ignoring case, as query strings are).</summary>
    public static IReadOnlySet<string> Names { get; } = Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the options can travel in a query string (they hold nothing that needs the JSON body).</summary>
    public static bool Fits(BatchOptions options) => options.Headers.Count == 0 && options.Auth.Count == 0 && options.Hosts.Count == 0 && options.Crawl is null;

    /// <summary>The query string (<c>?retries=0&amp;…</c>, or empty) for what differs from the defaults.</summary>
    public static string For(BatchOptions options)
    {
        var defaults = BatchOptions.Default;
        var pairs = Parameters
            .Where(p => !p.Write(options).SequenceEqual(p.Write(defaults)))
            .SelectMany(p => p.Write(options).Select(value => $"{p.Name}={Uri.EscapeDataString(value)}"))
            .ToList();
        return pairs.Count == 0 ? "" : "?" + string.Join('&', pairs);
    }

    /// <summary>The options a query holds, the defaults for what it leaves out.</summary>
    /// <param name="values">The values of a parameter, by name (none when it is absent).</param>
    /// <exception cref="FormatException">A parameter's value is not of its kind; the message names it.</exception>
    public static BatchOptions Parse(Func<string, IReadOnlyList<string>> values) =>
        Parameters.Aggregate(BatchOptions.Default, (options, p) => values(p.Name) is { Count: > 0 } given ? p.Read(options, given) : options);

    private static Parameter Number(string name, Func<BatchOptions, int> get, Func<BatchOptions, int, BatchOptions> set) => new(
        name,
        o => [get(o).ToString(CultureInfo.InvariantCulture)],
        (o, v) => int.TryParse(string.Join(',', v), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? set(o, n)
            : throw new FormatException($"Query parameter '{name}' must be a whole number."));

    private static Parameter Flag(string name, Func<BatchOptions, bool> get, Func<BatchOptions, bool, BatchOptions> set) => new(
        name,
        o => [get(o) ? "true" : "false"],
        (o, v) => bool.TryParse(string.Join(',', v), out var flag) ? set(o, flag) : throw new FormatException($"Query parameter '{name}' must be true or false."));

    private static Parameter Text(string name, Func<BatchOptions, string> get, Func<BatchOptions, string, BatchOptions> set) =>
        new(name, o => [get(o)], (o, v) => set(o, string.Join(',', v)));

    /// <summary>One option as a query parameter: its values from the options, and the options with given values.</summary>
    private sealed record Parameter(string Name, Func<BatchOptions, IReadOnlyList<string>> Write, Func<BatchOptions, IReadOnlyList<string>, BatchOptions> Read);
}
