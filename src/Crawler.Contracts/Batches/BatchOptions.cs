using System.Text.RegularExpressions;
using Crawler.Probing;

namespace Crawler.Contracts.Batches;

/// <summary>How a batch of URLs is checked. Every field has a default, so <c>{}</c> is a valid options object.</summary>
/// <remarks>
/// Setters, not init: System.Text.Json's source generator fills every init-only property, so a field missing
/// from the JSON would be zero instead of its default. Treat instances as immutable (copy with <c>with</c>).
/// </remarks>
[GenerateSerializer, Immutable]
[Alias("crawler.batches.batch-options")]
public sealed partial record BatchOptions
{
    public const string DefaultUserAgent = "Crawler/1.0 (+link checker)";

    // What a batch may ask for: options are user input that every silo carries and acts on.
    public const int MaxPatterns = 100;
    public const int MaxPatternLength = 1_000;
    public const int MaxHeaders = 50;
    public const int MaxHeaderValueLength = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int MaxAuthEntries = 100;
    public const int MaxHostSettings = 100;

    private const string Redacted = "***";

    /// <summary>URLs of this batch in flight at once, across the whole cluster.</summary>
    [Id(0)] public int MaxConcurrency { get; set; } = 64;

    /// <summary>Requests to one host in flight at once, across the whole cluster.</summary>
    [Id(1)] public int PerHostConcurrency { get; set; } = 4;

    /// <summary>Minimum time between the starts of two requests to one host.</summary>
    [Id(2)] public int PerHostDelayMs { get; set; }

    /// <summary>Time allowed for one attempt, redirects included.</summary>
    [Id(3)] public int TimeoutMs { get; set; } = 10_000;

    /// <summary>Redirects followed before the URL is reported as too_many_redirects.</summary>
    [Id(4)] public int MaxRedirects { get; set; } = 10;

    /// <summary>Further attempts after a transient failure (timeout, connection error, 429, 5xx), with exponential back-off.</summary>
    [Id(5)] public int Retries { get; set; } = 1;

    [Id(6)] public string UserAgent { get; set; } = DefaultUserAgent;

    /// <summary>
    /// Ask with HEAD first, and with GET when HEAD gets an HTTP failure (405, 501 or any status not accepted). Off by
    /// default: servers answer HEAD unlike GET (200 to HEAD, 404 to GET), and a GET whose body is not read costs little more.
    /// </summary>
    [Id(7)] public bool HeadFirst { get; set; }

    /// <summary>Final statuses that make a link good, as ranges and codes: <c>200-299,403</c>.</summary>
    [Id(8)] public string Accept { get; set; } = "200-299";

    /// <summary>Regular expressions; when there are any, only URLs matching one are checked (on the normalised URL).</summary>
    [Id(9)] public IReadOnlyList<string> Include { get; set; } = [];

    /// <summary>Regular expressions; URLs matching one are reported as excluded, not checked.</summary>
    [Id(10)] public IReadOnlyList<string> Exclude { get; set; } = [];

    /// <summary>Headers sent with every request.</summary>
    [Id(11)] public IReadOnlyDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>();

    /// <summary>Credentials per host pattern; the first matching entry is used.</summary>
    [Id(12)] public IReadOnlyList<HostAuth> Auth { get; set; } = [];

    /// <summary>Accept any TLS certificate (self-signed, expired, wrong name).</summary>
    [Id(13)] public bool AllowInvalidTls { get; set; }

    /// <summary>Longest Retry-After the batch waits for; a URL asked to wait longer is reported with its answer.</summary>
    [Id(14)] public int MaxRetryAfterMs { get; set; } = 60_000;

    /// <summary>Reuse an OK result for the same URL recorded by any batch within this many seconds; 0 turns the cache off.</summary>
    [Id(15)] public int CacheTtlSeconds { get; set; }

    // Id 16 held a "download" flag before batches had a kind (BatchKind): do not reuse it.

    /// <summary>Largest body a download keeps (a download's, or a crawl's image); a larger one is <c>rejected</c> and nothing of it is kept.</summary>
    [Id(17)] public long MaxDownloadBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>A crawl's settings (<see cref="BatchKind.Crawl"/>): its scope, depth and page budget; the defaults when left out.</summary>
    [Id(18)] public CrawlSettings? Crawl { get; set; }

    /// <summary>
    /// Read the anchors (ids, and names of <c>a</c>) of every HTML answer, so that the fragments of links to it can be
    /// checked (<see cref="UrlResult.Anchors"/>): asked with GET, at most 2 MiB of a page read.
    /// </summary>
    [Id(19)] public bool Anchors { get; set; }

    /// <summary>Settings for some hosts: their concurrency, delay and headers (see <see cref="HostSettings"/>).</summary>
    [Id(20)] public IReadOnlyList<HostSettings> Hosts { get; set; } = [];

    public static BatchOptions Default => new();

    /// <summary>The options as a batch of <paramref name="kind"/> runs with them: a crawl always has its settings.</summary>
    public BatchOptions For(BatchKind kind) => kind == BatchKind.Crawl && Crawl is null ? this with { Crawl = new CrawlSettings() } : this;

    /// <summary>The options as they may be shown: passwords, tokens and credential headers replaced by <c>***</c>.</summary>
    public BatchOptions Redact() => this with
    {
        Auth = [.. Auth.Select(a => a with
        {
            Password = a.Password is null ? null : Redacted,
            Bearer = a.Bearer is null ? null : Redacted,
        })],
        Headers = RedactHeaders(Headers),
        Hosts = [.. Hosts.Select(h => h with { Headers = RedactHeaders(h.Headers) })],
    };

    /// <summary>
    /// The options for requests to <paramref name="host"/>: the batch's, with what the most specific of <see cref="Hosts"/>
    /// matching it says (an exact name before <c>*.domain</c>, a longer domain before a shorter, <c>*</c> last).
    /// </summary>
    public BatchOptions ForHost(string host)
    {
        var settings = Hosts
            .Select(h => (Settings: h, Pattern: HostPattern.TryParse(h.Host, out var pattern) ? pattern : null))
            .Where(h => h.Pattern is not null && h.Pattern.Matches(host))
            .OrderByDescending(h => h.Pattern!.ToString() == "*" ? 0 : h.Pattern!.ToString().StartsWith("*.", StringComparison.Ordinal) ? h.Pattern.ToString().Length : int.MaxValue)
            .Select(h => h.Settings)
            .FirstOrDefault();
        if (settings is null)
        {
            return this;
        }

        var headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in settings.Headers)
        {
            headers[name] = value;
        }

        return this with
        {
            PerHostConcurrency = settings.PerHostConcurrency ?? PerHostConcurrency,
            PerHostDelayMs = settings.PerHostDelayMs ?? PerHostDelayMs,
            Headers = headers,
        };
    }

    private static Dictionary<string, string> RedactHeaders(IReadOnlyDictionary<string, string> headers) =>
        headers.ToDictionary(h => h.Key, h => IsSecretHeader(h.Key) ? Redacted : h.Value);

    /// <summary>What is wrong with these options for a batch of <paramref name="kind"/>, by field name; empty when they are valid.</summary>
    public IReadOnlyDictionary<string, string[]> Validate(BatchKind kind)
    {
        var errors = new Dictionary<string, List<string>>();
        string? filterError = null;
        Check(MaxConcurrency is >= 1 and <= 10_000, "maxConcurrency", "must be between 1 and 10000");
        Check(PerHostConcurrency is >= 1 and <= 1_000, "perHostConcurrency", "must be between 1 and 1000");
        Check(PerHostDelayMs is >= 0 and <= 3_600_000, "perHostDelayMs", "must be between 0 and 3600000 (one hour)");
        Check(TimeoutMs is >= 100 and <= 600_000, "timeoutMs", "must be between 100 and 600000 (ten minutes)");
        Check(MaxRedirects is >= 0 and <= 100, "maxRedirects", "must be between 0 and 100");
        Check(Retries is >= 0 and <= 10, "retries", "must be between 0 and 10");
        Check(!string.IsNullOrWhiteSpace(UserAgent) && UserAgent.Length <= 512, "userAgent", "must be 1 to 512 characters");
        Check(StatusRanges.TryParse(Accept, out _, out var acceptError), "accept", acceptError ?? "");
        var patterns = (Include ?? []).Concat(Exclude ?? []).ToList();
        Check(patterns.Count <= MaxPatterns, "include/exclude", $"at most {MaxPatterns} patterns in all");
        Check(patterns.All(p => p.Length <= MaxPatternLength), "include/exclude", $"a pattern may be at most {MaxPatternLength} characters");
        Check(patterns.Count > MaxPatterns || patterns.Any(p => p.Length > MaxPatternLength)
            || UrlFilter.TryCreate(Include ?? [], Exclude ?? [], out _, out filterError), "include/exclude", filterError ?? "");
        Check(MaxRetryAfterMs is >= 0 and <= 86_400_000, "maxRetryAfterMs", "must be between 0 and 86400000 (one day)");
        Check(CacheTtlSeconds is >= 0 and <= 30 * 86_400, "cacheTtlSeconds", "must be between 0 and 2592000 (30 days)");
        Check(MaxDownloadBytes is >= 1 and <= 1L << 30, "maxDownloadBytes", "must be between 1 and 1073741824 (1 GiB)");
        Check(!(kind == BatchKind.Download && CacheTtlSeconds > 0), "cacheTtlSeconds", "a download keeps the body, which a cached result does not have: leave the cache off");
        Check(kind == BatchKind.Crawl || Crawl is null, "crawl", "crawl settings go with POST /api/crawls");
        foreach (var (field, message) in Crawl?.Problems() ?? [])
        {
            Check(false, field, message);
        }

        CheckHeaders("headers", Headers ?? new Dictionary<string, string>());
        Check((Hosts ?? []).Count <= MaxHostSettings, "hosts", $"at most {MaxHostSettings} entries");
        foreach (var settings in (Hosts ?? []).Take(MaxHostSettings))
        {
            Check(HostPattern.TryParse(settings.Host, out _), "hosts", $"'{settings.Host}' is not a host, *.host or *");
            Check(settings.PerHostConcurrency is null or (>= 1 and <= 1_000), "hosts", $"the concurrency of {settings.Host} must be between 1 and 1000");
            Check(settings.PerHostDelayMs is null or (>= 0 and <= 3_600_000), "hosts", $"the delay of {settings.Host} must be between 0 and 3600000 (one hour)");
            CheckHeaders("hosts", settings.Headers ?? new Dictionary<string, string>());
        }

        Check((Auth ?? []).Count <= MaxAuthEntries, "auth", $"at most {MaxAuthEntries} entries");
        foreach (var auth in (Auth ?? []).Take(MaxAuthEntries))
        {
            Check(HostPattern.TryParse(auth.Host, out _), "auth", $"'{auth.Host}' is not a host, *.host or *");
            Check((auth.Bearer is null) != (auth.Username is null), "auth", $"give {auth.Host} either username and password, or bearer");
            Check(!(auth.Password is not null && auth.Username is null), "auth", $"a password for {auth.Host} needs a username");
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

        void CheckHeaders(string field, IReadOnlyDictionary<string, string> headers)
        {
            Check(headers.Count <= MaxHeaders, field, $"at most {MaxHeaders} headers");
            Check(headers.Sum(h => h.Key.Length + (h.Value?.Length ?? 0)) <= MaxHeaderBytes, field, $"at most {MaxHeaderBytes} characters of names and values in all");
            foreach (var (name, value) in headers.Take(MaxHeaders))
            {
                Check(value is not null && value.Length <= MaxHeaderValueLength, field, $"the value of '{name}' must be given and at most {MaxHeaderValueLength} characters");
                Check(HeaderName().IsMatch(name), field, $"'{name}' is not a header name");
                Check(!Reserved.Contains(name), field, $"'{name}' is set by the checker itself");
                Check(value is null || !value.Any(char.IsControl), field, $"the value of '{name}' holds control characters");
            }
        }

        void Check(bool valid, string field, string message)
        {
            if (!valid)
            {
                (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);
            }
        }
    }

    private static bool IsSecretHeader(string name) =>
        name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Cookie", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Contains("token", StringComparison.OrdinalIgnoreCase)
        || name.Contains("key", StringComparison.OrdinalIgnoreCase);

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Upgrade", "TE", "Trailer", "Keep-Alive",
    };

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex HeaderName();
}
