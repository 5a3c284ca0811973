using System.CommandLine;
using Crawler.Contracts.Batches;

namespace Crawler.Cli;

/// <summary>
/// The API's batch options as command-line options, named as in the API's JSON (kebab-cased) with the API's defaults,
/// so <c>"perHostConcurrency": 2</c> is <c>--per-host-concurrency 2</c>. The server validates them: a wrong value gets
/// the same message from both.
/// </summary>
public sealed class BatchOptionSet
{
    private static readonly BatchOptions Defaults = BatchOptions.Default;

    private readonly Option<int> _maxConcurrency = new("--max-concurrency") { Description = "URLs of the job in flight at once, across the cluster", DefaultValueFactory = _ => Defaults.MaxConcurrency };
    private readonly Option<int> _perHostConcurrency = new("--per-host-concurrency") { Description = "Requests to one host in flight at once", DefaultValueFactory = _ => Defaults.PerHostConcurrency };
    private readonly Option<int> _perHostDelayMs = new("--per-host-delay-ms") { Description = "Least time between two requests' starts to one host", DefaultValueFactory = _ => Defaults.PerHostDelayMs };
    private readonly Option<int> _timeoutMs = new("--timeout-ms") { Description = "Time allowed for one attempt, redirects included", DefaultValueFactory = _ => Defaults.TimeoutMs };
    private readonly Option<int> _maxRedirects = new("--max-redirects") { Description = "Redirects followed before too_many_redirects", DefaultValueFactory = _ => Defaults.MaxRedirects };
    private readonly Option<int> _retries = new("--retries") { Description = "Further attempts after a transient failure", DefaultValueFactory = _ => Defaults.Retries };
    private readonly Option<string> _userAgent = new("--user-agent") { Description = "User-Agent header", DefaultValueFactory = _ => Defaults.UserAgent };
    private readonly Option<bool> _headFirst = new("--head-first") { Description = "Ask with HEAD first, GET when HEAD fails", DefaultValueFactory = _ => Defaults.HeadFirst };
    private readonly Option<string> _accept = new("--accept") { Description = "Statuses that make a link good: 200-299,403", DefaultValueFactory = _ => Defaults.Accept };
    private readonly Option<string[]> _include = new("--include") { Description = "Only URLs matching one of these regular expressions are checked", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string[]> _exclude = new("--exclude") { Description = "URLs matching one of these regular expressions are reported as excluded", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string[]> _headers = new("--header", "-H") { Description = "A header sent with every request: 'Name: value'", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string[]> _hostSettings = new("--host-settings") { Description = "What to do differently for some hosts: 'docs.example.org; concurrency=2; delay-ms=500; header=Name: value'", AllowMultipleArgumentsPerToken = false, HelpName = "settings" };
    private readonly Option<bool> _allowInvalidTls = new("--allow-invalid-tls") { Description = "Accept any TLS certificate" };
    private readonly Option<int> _maxRetryAfterMs = new("--max-retry-after-ms") { Description = "Longest Retry-After waited for; a URL asked to wait longer is reported with its answer", DefaultValueFactory = _ => Defaults.MaxRetryAfterMs };
    private readonly Option<int> _cacheTtlSeconds = new("--cache-ttl-seconds") { Description = "Reuse an OK result for the same URL recorded within this time (0: off)", DefaultValueFactory = _ => Defaults.CacheTtlSeconds };
    private readonly Option<long> _maxDownloadBytes = new("--max-download-bytes") { Description = "Largest body a download keeps", DefaultValueFactory = _ => Defaults.MaxDownloadBytes };

    public BatchOptionSet()
    {
        _hostSettings.Validators.Add(result =>
        {
            foreach (var text in result.Tokens.Select(t => t.Value))
            {
                try
                {
                    HostSettingsText.Parse(text);
                }
                catch (FormatException e)
                {
                    result.AddError(e.Message);
                }
            }
        });
        _headers.Validators.Add(result =>
        {
            foreach (var header in result.Tokens.Select(t => t.Value).Where(h => !h.Contains(':', StringComparison.Ordinal)))
            {
                result.AddError($"'{header}' is not a header: write it as 'Name: value'.");
            }
        });
    }

    /// <param name="downloads">Whether the command downloads, so that <c>--max-download-bytes</c> means something.</param>
    public void AddTo(Command command, bool downloads)
    {
        Option[] options =
        [
            _maxConcurrency, _perHostConcurrency, _perHostDelayMs, _timeoutMs, _maxRedirects, _retries, _userAgent, _headFirst,
            _accept, _include, _exclude, _headers, _hostSettings, _allowInvalidTls, _maxRetryAfterMs,
        ];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.Options.Add(downloads ? _maxDownloadBytes : _cacheTtlSeconds);
    }

    public BatchOptions Read(ParseResult parse) => new()
    {
        MaxConcurrency = parse.GetValue(_maxConcurrency),
        PerHostConcurrency = parse.GetValue(_perHostConcurrency),
        PerHostDelayMs = parse.GetValue(_perHostDelayMs),
        TimeoutMs = parse.GetValue(_timeoutMs),
        MaxRedirects = parse.GetValue(_maxRedirects),
        Retries = parse.GetValue(_retries),
        UserAgent = parse.GetValue(_userAgent)!,
        HeadFirst = parse.GetValue(_headFirst),
        Accept = parse.GetValue(_accept)!,
        Include = parse.GetValue(_include) ?? [],
        Exclude = parse.GetValue(_exclude) ?? [],
        Headers = (parse.GetValue(_headers) ?? []).Select(h => h.Split(':', 2)).ToDictionary(h => h[0].Trim(), h => h[1].Trim(), StringComparer.OrdinalIgnoreCase),
        Hosts = [.. (parse.GetValue(_hostSettings) ?? []).Select(HostSettingsText.Parse)],
        AllowInvalidTls = parse.GetValue(_allowInvalidTls),
        MaxRetryAfterMs = parse.GetValue(_maxRetryAfterMs),
        CacheTtlSeconds = parse.GetResult(_cacheTtlSeconds) is null ? Defaults.CacheTtlSeconds : parse.GetValue(_cacheTtlSeconds),
        MaxDownloadBytes = parse.GetResult(_maxDownloadBytes) is null ? Defaults.MaxDownloadBytes : parse.GetValue(_maxDownloadBytes),
    };
}
