namespace Crawler.Cli;

/// <summary>What the command's exit code says, so that it drops into CI scripts (lychee's convention for 0, 1 and 2).</summary>
public static class ExitCodes
{
    /// <summary>Everything checked is good.</summary>
    public const int Ok = 0;

    /// <summary>The command could not do its work: bad input, a server that refused or could not be reached.</summary>
    public const int Error = 1;

    /// <summary>The work was done and some links are broken (or some downloads failed).</summary>
    public const int Failures = 2;

    /// <summary>Interrupted by Ctrl-C (128 + SIGINT); the job was cancelled on the cluster.</summary>
    public const int Cancelled = 130;
}
