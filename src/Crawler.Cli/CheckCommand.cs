using System.CommandLine;
using Crawler.Contracts.Batches;

namespace Crawler.Cli;

/// <summary>
/// <c>crawler check &lt;url|file|folder|glob…&gt;</c>: checks URLs, or the links of Markdown and HTML documents, and
/// exits with 2 when any is broken.
/// </summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "URLs, files of URLs (one a line), - for standard input, or Markdown and HTML documents: files, folders, globs",
            Arity = ArgumentArity.OneOrMore,
        };
        var options = new BatchOptionSet();
        var documents = new DocumentOptionSet();
        var command = new Command("check", "Check links, of a list or of documents: one line per result as it completes; exit code 2 when any link is broken") { inputs };
        options.AddTo(command, downloads: false);
        documents.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandRun.RunAsync(parse, downloads: null, async (connect, output, console, format) =>
        {
            var settings = documents.Read(parse);
            var read = await CheckInputs.ReadAsync(parse.GetValue(inputs)!, settings.Discovery, Console.In, cancellationToken);
            if (settings.ChangedSince is { } reference)
            {
                var changed = await ChangedFiles.SinceAsync(reference, cancellationToken);
                read = read with { Documents = [.. read.Documents.Where(d => changed.Contains(d.FullPath))] };
                if (read.Documents.Count == 0 && read.Urls.Count == 0)
                {
                    await console.Error.WriteLineAsync($"No document changed since {reference}: nothing to check.");
                    return ExitCodes.Ok;
                }
            }

            var batchOptions = options.Read(parse);
            batchOptions = batchOptions with { Exclude = [.. batchOptions.Exclude, .. CrawlerIgnore.Patterns(Environment.CurrentDirectory)] };
            if (read.Documents.Count == 0 && settings.ChangedSince is null)
            {
                var job = new BatchJob((await connect()).Api, console, output, format);
                return await job.RunAsync("/api/checks", new BatchRequest([.. read.Urls.Select(u => u.Url)], batchOptions), cancellationToken);
            }

            // Local links are checked before any server sees the options, so they are refused here as the API would.
            if (batchOptions.Validate(BatchKind.Check) is { Count: > 0 } problems)
            {
                throw new CrawlerCliException(string.Join('\n', problems.SelectMany(p => p.Value.Select(message => $"{p.Key}: {message}"))));
            }

            return await new DocumentCheck(console, output, format)
                .RunAsync(read, settings, batchOptions, async () => new BatchJob((await connect()).Api, console, output, format), cancellationToken);
        }, cancellationToken));
        return command;
    }
}
