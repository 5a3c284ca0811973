using System.Globalization;
using Crawler.Contracts.Batches;

namespace Crawler.Cli;

/// <summary>
/// Batch options as the query string of a <c>text/plain</c> submission (the API's parameters are the JSON fields'
/// names). Only what differs from the defaults is sent; headers and credentials have no query form.
/// </summary>
public static class CheckOptionsQuery
{
    public static bool Fits(BatchOptions options) => options.Headers.Count == 0 && options.Auth.Count == 0 && options.Crawl is null;

    public static string For(BatchOptions options)
    {
        var defaults = BatchOptions.Default;
        var parameters = new List<(string Name, string Value)>();
        Add("maxConcurrency", options.MaxConcurrency, defaults.MaxConcurrency);
        Add("perHostConcurrency", options.PerHostConcurrency, defaults.PerHostConcurrency);
        Add("perHostDelayMs", options.PerHostDelayMs, defaults.PerHostDelayMs);
        Add("timeoutMs", options.TimeoutMs, defaults.TimeoutMs);
        Add("maxRedirects", options.MaxRedirects, defaults.MaxRedirects);
        Add("retries", options.Retries, defaults.Retries);
        Add("maxRetryAfterMs", options.MaxRetryAfterMs, defaults.MaxRetryAfterMs);
        Add("cacheTtlSeconds", options.CacheTtlSeconds, defaults.CacheTtlSeconds);
        Add("headFirst", options.HeadFirst, defaults.HeadFirst);
        Add("allowInvalidTls", options.AllowInvalidTls, defaults.AllowInvalidTls);
        Add("userAgent", options.UserAgent, defaults.UserAgent);
        Add("accept", options.Accept, defaults.Accept);
        parameters.AddRange(options.Include.Select(pattern => ("include", pattern)));
        parameters.AddRange(options.Exclude.Select(pattern => ("exclude", pattern)));
        return parameters.Count == 0 ? "" : "?" + string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));

        void Add<T>(string name, T value, T fallback)
        {
            if (!EqualityComparer<T>.Default.Equals(value, fallback))
            {
                parameters.Add((name, value is bool flag ? (flag ? "true" : "false") : Convert.ToString(value, CultureInfo.InvariantCulture)!));
            }
        }
    }
}
