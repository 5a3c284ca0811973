using System.CommandLine;
using Crawler.Contracts.Batches;

namespace Crawler.Cli;

/// <summary>The API's crawl settings as command-line options (kebab-cased JSON names, the API's defaults).</summary>
/// <param name="resourcesByDefault">Whether pages' resources are checked unless told otherwise (crawls: yes; image downloads: no).</param>
public sealed class CrawlOptionSet(int defaultDepth, bool resourcesByDefault = true)
{
    private static readonly CrawlSettings Defaults = new();

    private readonly Option<int> _maxDepth = new("--max-depth", "-d") { Description = "Links followed from a seed (0: only the seeds)", DefaultValueFactory = _ => defaultDepth };
    private readonly Option<int> _maxPages = new("--max-pages") { Description = "URLs the crawl fetches at most", DefaultValueFactory = _ => Defaults.MaxPages };
    private readonly Option<CrawlScopeKind> _scope = new("--scope") { Description = "SameHost, SameDomain or Hosts (with --hosts)", DefaultValueFactory = _ => Defaults.Scope };
    private readonly Option<string[]> _hosts = new("--hosts") { Description = "For --scope Hosts: hosts or *.patterns the crawl may visit", AllowMultipleArgumentsPerToken = true };
    private readonly Option<bool> _robots = new("--robots") { Description = "Obey robots.txt and its Crawl-delay", DefaultValueFactory = _ => Defaults.Robots };
    private readonly Option<int> _maxLinksPerPage = new("--max-links-per-page") { Description = "References taken from one page; more are counted, not followed", DefaultValueFactory = _ => Defaults.MaxLinksPerPage };
    private readonly Option<int> _maxPageBytes = new("--max-page-bytes") { Description = "Bytes of a page read and parsed; a longer page is truncated", DefaultValueFactory = _ => Defaults.MaxPageBytes };
    private readonly Option<bool> _resources = new("--resources") { Description = "Check what pages load (stylesheets, scripts, frames, media, and images unless downloaded), each once", DefaultValueFactory = _ => resourcesByDefault };
    private readonly Option<int> _maxPagesPerHost = new("--max-pages-per-host") { Description = "Pages taken from one host", DefaultValueFactory = _ => Defaults.MaxPagesPerHost };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _maxDepth, _maxPages, _scope, _hosts, _robots, _maxLinksPerPage, _maxPageBytes, _maxPagesPerHost, _resources })
        {
            command.Options.Add(option);
        }
    }

    public CrawlSettings Read(ParseResult parse, bool images) => new()
    {
        MaxDepth = parse.GetValue(_maxDepth),
        MaxPages = parse.GetValue(_maxPages),
        Scope = parse.GetValue(_scope),
        Hosts = parse.GetValue(_hosts) ?? [],
        Robots = parse.GetValue(_robots),
        Images = images,
        Resources = parse.GetValue(_resources),
        MaxLinksPerPage = parse.GetValue(_maxLinksPerPage),
        MaxPageBytes = parse.GetValue(_maxPageBytes),
        MaxPagesPerHost = parse.GetValue(_maxPagesPerHost),
    };
}
