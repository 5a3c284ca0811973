using System.CommandLine;
using Crawler.Contracts.Batches;

namespace Crawler.Cli;

/// <summary><c>crawler check &lt;file|url…&gt;</c>: checks the links and exits with 2 when any is broken.</summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("urls") { Description = "URLs, files of URLs (one a line), or - for standard input", Arity = ArgumentArity.OneOrMore };
        var options = new BatchOptionSet();
        var command = new Command("check", "Check links: one line per result as it completes; exit code 2 when any link is broken") { inputs };
        options.AddTo(command, downloads: false);
        command.SetAction((parse, cancellationToken) => CommandRun.RunAsync(parse, downloads: null, async (connection, output, console, format) =>
        {
            var urls = await UrlInputs.ReadAsync(parse.GetValue(inputs)!, Console.In, cancellationToken);
            var job = new BatchJob(connection.Api, console, output, format);
            return await job.RunAsync("/api/checks", new BatchRequest(urls, options.Read(parse)), cancellationToken);
        }, cancellationToken));
        return command;
    }
}
