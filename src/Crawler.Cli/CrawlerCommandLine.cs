using System.CommandLine;

namespace Crawler.Cli;

/// <summary>The <c>crawler</c> command and its subcommands; <see cref="Program"/> only parses and invokes.</summary>
public static class CrawlerCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Crawler: check links, crawl sites, download images and count primes on an Orleans cluster — embedded in this process, or a running one with --server.")
        {
            CheckCommand.Create(),
            CrawlCommand.Create(),
            ImagesCommand.Create(),
            PrimesCommand.Create(),
            PrimesCommand.CreateIsPrime(),
            KeysCommand.Create(),
        };
        root.Options.Add(CommonOptions.Server);
        root.Options.Add(CommonOptions.Format);
        root.Options.Add(CommonOptions.Output);
        root.Options.Add(CommonOptions.ApiKey);
        root.Options.Add(CommonOptions.BlockPrivate);
        root.Options.Add(CommonOptions.BlockLoopback);
        root.Options.Add(CommonOptions.BlockLinkLocal);
        root.Options.Add(CommonOptions.Verbose);
        root.Options.Add(CommonOptions.Config);
        return root;
    }

    /// <summary>Runs the command line; Ctrl-C cancels the job and leaves time for the cluster to be told and stopped.</summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        var root = Create();
        try
        {
            args = ConfigFile.Apply(args, root);
        }
        catch (CrawlerCliException e)
        {
            await (error ?? Console.Error).WriteLineAsync(e.Message);
            return ExitCodes.Error;
        }

        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(20) };
        if (output is not null)
        {
            configuration.Output = output;
        }

        if (error is not null)
        {
            configuration.Error = error;
        }

        return await root.Parse(args).InvokeAsync(configuration, cancellationToken);
    }
}
