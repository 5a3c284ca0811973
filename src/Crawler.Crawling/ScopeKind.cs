namespace Crawler.Crawling;

public enum ScopeKind
{
    /// <summary>Only the seeds' host names.</summary>
    SameHost,

    /// <summary>Any host under the seeds' registrable domains (see <see cref="CrawlScope.RegistrableDomain"/>).</summary>
    SameDomain,

    /// <summary>The seeds' host names and an explicit list of host patterns.</summary>
    Hosts,
}
