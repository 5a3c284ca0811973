namespace Crawler.Contracts.Checks;

/// <summary>How a batch of URLs is checked. Every field has a default, so <c>{}</c> is a valid options object.</summary>
/// <remarks>
/// Setters, not init: System.Text.Json's source generator fills every init-only property, so a field missing
/// from the JSON would be zero instead of its default. Treat instances as immutable (copy with <c>with</c>).
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record CheckOptions
{
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

    /// <summary>Further attempts after a transient failure (timeout, connection error, 429, 502, 503, 504).</summary>
    [Id(5)] public int Retries { get; set; } = 1;

    [Id(6)] public string UserAgent { get; set; } = DefaultUserAgent;

    public const string DefaultUserAgent = "Crawler/1.0 (+link checker)";

    public static CheckOptions Default => new();

    /// <summary>What is wrong with these options, by field name; empty when they are valid.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        Check(MaxConcurrency is >= 1 and <= 10_000, "maxConcurrency", "must be between 1 and 10000");
        Check(PerHostConcurrency is >= 1 and <= 1_000, "perHostConcurrency", "must be between 1 and 1000");
        Check(PerHostDelayMs is >= 0 and <= 3_600_000, "perHostDelayMs", "must be between 0 and 3600000 (one hour)");
        Check(TimeoutMs is >= 100 and <= 600_000, "timeoutMs", "must be between 100 and 600000 (ten minutes)");
        Check(MaxRedirects is >= 0 and <= 100, "maxRedirects", "must be between 0 and 100");
        Check(Retries is >= 0 and <= 10, "retries", "must be between 0 and 10");
        Check(!string.IsNullOrWhiteSpace(UserAgent) && UserAgent.Length <= 512, "userAgent", "must be 1 to 512 characters");
        return errors;

        void Check(bool valid, string field, string message)
        {
            if (!valid)
            {
                errors[field] = [message];
            }
        }
    }
}
