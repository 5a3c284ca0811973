using System.Net.Http.Headers;
using System.Security.Cryptography;
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

    /// <summary>
    /// What a cached result depends on besides its URL: the credentials and headers sent and the options that decide what
    /// "ok" means. Results are shared only between batches of one tenant whose fingerprints are equal, so one tenant's
    /// credentials never lend another (or an anonymous batch) what they reached.
    /// </summary>
    public static string CacheFingerprint(this BatchOptions options)
    {
        string[] parts =
        [
            options.UserAgent, options.Accept, options.HeadFirst.ToString(), options.AllowInvalidTls.ToString(), options.MaxRedirects.ToString(System.Globalization.CultureInfo.InvariantCulture), options.Anchors.ToString(),
            .. options.Headers.Select(h => $"h:{h.Key.ToLowerInvariant()}:{h.Value}").Order(StringComparer.Ordinal),
            .. options.Auth.Select(a => $"a:{a.Host}|{a.Username}|{a.Password}|{a.Bearer}"),
            .. options.Hosts.Select(h => $"s:{h.Host}|{string.Join('|', h.Headers.Select(x => $"{x.Key.ToLowerInvariant()}:{x.Value}").Order(StringComparer.Ordinal))}"),
        ];
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))))[..32];
    }

    public static UrlFilter ToUrlFilter(this BatchOptions options) =>
        UrlFilter.TryCreate(options.Include, options.Exclude, out var filter, out var error) ? filter! : throw new FormatException(error);
}
