using System.CommandLine;
using Crawler.Formats;

namespace Crawler.Cli;

/// <summary>
/// What every command does around its job: open the output (before anything starts, so a bad path fails first), the
/// console and the cluster; turn a refusal into its message and exit code 1, and Ctrl-C into 130.
/// </summary>
public static class CommandRun
{
    /// <param name="format">A report format, or null for text.</param>
    public delegate Task<int> Work(CrawlerConnection connection, OutputTarget output, JobConsole console, ReportFormat? format);

    /// <summary>Opens the cluster only when asked: <c>crawler check</c> of documents whose links are all local starts none.</summary>
    public delegate Task<int> LazyWork(Func<Task<CrawlerConnection>> connect, OutputTarget output, JobConsole console, ReportFormat? format);

    /// <param name="downloads">For an embedded cluster: where its downloads go (null: a temporary folder).</param>
    public static Task<int> RunAsync(ParseResult parse, string? downloads, Work work, CancellationToken cancellationToken) =>
        RunAsync(parse, downloads, async (connect, output, console, format) => await work(await connect(), output, console, format), cancellationToken);

    public static async Task<int> RunAsync(ParseResult parse, string? downloads, LazyWork work, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        CrawlerConnection? connection = null;
        try
        {
            var format = parse.GetValue(CommonOptions.Format);
            await using var output = new OutputTarget(parse.InvocationConfiguration.Output, parse.GetValue(CommonOptions.Output));
            var console = JobConsole.For(parse, format is null ? output.Writer : null, linesToStandardOutput: !output.IsFile);
            return await work(async () => connection ??= await CrawlerConnection.OpenAsync(ConnectionSettings.From(parse, downloads), cancellationToken), output, console, format);
        }
        catch (CrawlerCliException e)
        {
            await error.WriteLineAsync(e.Message);
            return ExitCodes.Error;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("Cancelled.");
            return ExitCodes.Cancelled;
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
