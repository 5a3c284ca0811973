using System.Net.Http.Headers;
using System.Text;
using Crawler.Contracts.Batches;
using Crawler.Probing;

namespace Crawler.Grains.Batches;

internal static class BatchOptionsExtensions
{
    /// <summary>The engine's view of a batch's options (already validated by the API).</summary>
    public static ProbeOptions ToProbeOptions(this BatchOptions options) => new()
    {
        Timeout = TimeSpan.FromMilliseconds(options.TimeoutMs),
        MaxRedirects = options.MaxRedirects,
        UserAgent = options.UserAgent,
        HeadFirst = options.HeadFirst,
        Accept = StatusRanges.Parse(options.Accept),
        Headers = [.. options.Headers],
        Credentials = [.. options.Auth.Select(auth => (
            HostPattern.TryParse(auth.Host, out var pattern) ? pattern! : throw new FormatException($"bad host pattern '{auth.Host}'"),
            auth.Bearer is { } token
                ? new AuthenticationHeaderValue("Bearer", token)
                : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{auth.Username}:{auth.Password}")))))],
        AllowInvalidTls = options.AllowInvalidTls,
    };

    public static UrlFilter ToUrlFilter(this BatchOptions options) =>
        UrlFilter.TryCreate(options.Include, options.Exclude, out var filter, out var error) ? filter! : throw new FormatException(error);
}
