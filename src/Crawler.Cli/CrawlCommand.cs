using System.CommandLine;
using Crawler.Contracts.Batches;

namespace Crawler.Cli;

/// <summary><c>crawler crawl &lt;seed…&gt;</c>: follows links from the seeds (pages or sitemaps) within a scope and depth; exit code 2 when a page is broken.</summary>
public static class CrawlCommand
{
    public static Command Create()
    {
        var seeds = new Argument<string[]>("seeds") { Description = "Pages or sitemaps to start from, files of them, or - for standard input", Arity = ArgumentArity.OneOrMore };
        var options = new BatchOptionSet();
        var crawl = new CrawlOptionSet(defaultDepth: new CrawlSettings().MaxDepth);
        var fragments = new Option<bool>("--include-fragments") { Description = "Check that every link's #fragment names an anchor of its page (missing_fragment otherwise)" };
        var command = new Command("crawl", "Crawl from seeds: every page found is checked, with its depth, links and images") { seeds, fragments };
        crawl.AddTo(command);
        options.AddTo(command, downloads: false);
        command.SetAction((parse, cancellationToken) => CommandRun.RunAsync(parse, downloads: null, async (connection, output, console, format) =>
        {
            var urls = await UrlInputs.ReadAsync(parse.GetValue(seeds)!, Console.In, cancellationToken);
            var request = new BatchRequest(urls, options.Read(parse) with { Crawl = crawl.Read(parse, images: false), Anchors = parse.GetValue(fragments) });
            return await new BatchJob(connection.Api, console, output, format).RunAsync("/api/crawls", request, cancellationToken);
        }, cancellationToken));
        return command;
    }
}
