using Crawler.Contracts.Tenants;
using Crawler.Primes;

namespace Crawler.Api.Quotas;

/// <summary>
/// What a tenant may do; bound from <c>Quotas</c>, and for one tenant from <c>Quotas:Tenants:{tenant}</c> over that. A limit
/// of 0 is no limit. Days are UTC days.
/// </summary>
public sealed class QuotaLimits
{
    public const string Section = "Quotas";

    /// <summary>Jobs submitted a minute (per API instance).</summary>
    public int SubmissionsPerMinute { get; set; } = 60;

    /// <summary>Jobs running at once, across the cluster.</summary>
    public int MaxRunningJobs { get; set; } = 20;

    /// <summary>URLs submitted a day in checks, downloads and crawl seeds.</summary>
    public long UrlsPerDay { get; set; } = 10_000_000;

    /// <summary>The largest page budget (<c>crawl.maxPages</c>) a crawl may ask for.</summary>
    public int MaxCrawlPages { get; set; } = 100_000;

    /// <summary>Bytes one job may download (a download batch, a crawl's images).</summary>
    public long MaxDownloadBytesPerJob { get; set; } = 10L << 30;

    public long DownloadBytesPerDay { get; set; } = 100L << 30;

    /// <summary>
    /// The sieving one prime job may ask for, as the N whose π(N) would take as much (1e12: a couple of minutes of a small
    /// cluster). An isprime job's numbers are cheap and count as nothing.
    /// </summary>
    public double PrimeWorkPerJob { get; set; } = 1e12;

    /// <summary>The sieving a day, in the same measure (1e13: about ten jobs of 1e12).</summary>
    public double PrimeWorkPerDay { get; set; } = 1e13;

    /// <summary>How long a job and what it made are kept after it ends.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Per-tenant settings over these, by tenant name; only what they give changes.</summary>
    public Dictionary<string, Dictionary<string, string>> Tenants { get; set; } = [];

    public TenantLimits ToTenantLimits() => new()
    {
        MaxRunningJobs = MaxRunningJobs > 0 ? MaxRunningJobs : int.MaxValue,
        UrlsPerDay = UrlsPerDay > 0 ? UrlsPerDay : long.MaxValue,
        PrimeWorkPerDay = PrimeWork(PrimeWorkPerDay),
        DownloadBytesPerDay = DownloadBytesPerDay > 0 ? DownloadBytesPerDay : long.MaxValue,
    };

    public JobTerms ToTerms(string tenant) => new()
    {
        Tenant = tenant,
        Retention = Retention,
        MaxDownloadBytes = MaxDownloadBytesPerJob > 0 ? MaxDownloadBytesPerJob : long.MaxValue,
        DownloadBytesPerDay = DownloadBytesPerDay > 0 ? DownloadBytesPerDay : long.MaxValue,
    };

    /// <summary>The sieving work of counting the primes below <paramref name="n"/>; no limit for 0.</summary>
    public static double PrimeWork(double n) => n > 0 ? SieveWork.Estimate(0, (ulong)Math.Min(n, 1e19)) : double.MaxValue;
}
