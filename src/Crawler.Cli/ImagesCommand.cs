using System.CommandLine;
using Crawler.Contracts.Batches;

namespace Crawler.Cli;

/// <summary>
/// <c>crawler images &lt;seed|file&gt;</c>: the parallel image downloader. Seed URLs are crawled (to <c>--max-depth</c>,
/// the seed pages alone by default) and the images their pages show are downloaded; files (or <c>-</c>) list image URLs
/// to download as they are. Files are kept by their SHA-256, so an image under many URLs is kept once.
/// </summary>
public static class ImagesCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("sources") { Description = "Pages whose images to download, or files listing image URLs (- for standard input)", Arity = ArgumentArity.OneOrMore };
        var directory = new Option<string?>("--directory") { Description = "Where the embedded cluster keeps the files (./downloads by default); a remote cluster keeps them in its own store" };
        var manifest = new Option<string?>("--manifest") { Description = "Write the manifest (URL → sha256, size, type, pages found on) to this file: .json or .csv" };
        var options = new BatchOptionSet();
        var crawl = new CrawlOptionSet(defaultDepth: 0, resourcesByDefault: false);
        var command = new Command("images", "Download images in parallel, politely, into a content-addressed folder") { inputs, directory, manifest };
        crawl.AddTo(command);
        options.AddTo(command, downloads: true);
        command.SetAction((parse, cancellationToken) =>
        {
            var server = parse.GetValue(CommonOptions.Server);
            var folder = parse.GetValue(directory);
            if (server is not null && folder is not null)
            {
                parse.InvocationConfiguration.Error.WriteLine("--directory is for the embedded cluster: a remote cluster keeps files in its own store (see its manifest).");
                return Task.FromResult(ExitCodes.Error);
            }

            folder ??= "downloads";
            return CommandRun.RunAsync(parse, folder, async (connection, output, console, format) =>
            {
                var sources = parse.GetValue(inputs)!;
                var seeds = sources.All(UrlInputs.IsUrl);
                if (!seeds && sources.Any(UrlInputs.IsUrl))
                {
                    throw new CrawlerCliException("Give either pages to find images on (URLs) or lists of image URLs (files), not both.");
                }

                var urls = await UrlInputs.ReadAsync(sources, Console.In, cancellationToken);
                var settings = options.Read(parse);
                var (path, request) = seeds
                    ? ("/api/crawls", new BatchRequest(urls, settings with { Crawl = crawl.Read(parse, images: true) }))
                    : ("/api/downloads", new BatchRequest(urls, settings));
                var job = new BatchJob(connection.Api, console, output, format);
                var exit = await job.RunAsync(path, request, cancellationToken);
                if (exit == ExitCodes.Cancelled || job.Location is null)
                {
                    return exit;
                }

                if (parse.GetValue(manifest) is { } manifestPath)
                {
                    await using var target = new OutputTarget(TextWriter.Null, manifestPath);
                    var kind = manifestPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "csv" : "json";
                    await connection.Api.CopyAsync($"{job.Location}/manifest?format={kind}", await target.StreamAsync(), cancellationToken);
                    await target.CommitAsync();
                }

                if (connection.IsEmbedded)
                {
                    await console.Error.WriteLineAsync($"Files are in {Path.GetFullPath(folder)}, named by their SHA-256.");
                }

                return exit;
            }, cancellationToken);
        });
        return command;
    }
}
