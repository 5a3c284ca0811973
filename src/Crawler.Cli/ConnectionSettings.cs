using System.CommandLine;
using Crawler.Probing.Targets;

namespace Crawler.Cli;

/// <summary>How a command reaches its cluster: a server (with its key), or an embedded cluster and how it is set up.</summary>
/// <param name="Downloads">For an embedded cluster: the folder its downloads go to (null: a temporary one).</param>
public sealed record ConnectionSettings(Uri? Server, string? ApiKey, string? Downloads, bool Verbose, AddressGuardOptions Guard)
{
    /// <summary>An embedded cluster as a local tool has it: every address but reserved ones.</summary>
    public static ConnectionSettings Embedded(string? downloads) => new(null, null, downloads, false, AddressGuardOptions.Local());

    /// <exception cref="CrawlerCliException">Options that only an embedded cluster takes were given with <c>--server</c>.</exception>
    public static ConnectionSettings From(ParseResult parse, string? downloads)
    {
        var (blockPrivate, blockLoopback, blockLinkLocal) =
            (parse.GetValue(CommonOptions.BlockPrivate), parse.GetValue(CommonOptions.BlockLoopback), parse.GetValue(CommonOptions.BlockLinkLocal));
        var server = parse.GetValue(CommonOptions.Server);
        if (server is not null && (blockPrivate || blockLoopback || blockLinkLocal))
        {
            throw new CrawlerCliException("--block-private, --block-loopback and --block-link-local set up the embedded cluster; a server guards its addresses itself.");
        }

        var guard = new AddressGuardOptions { AllowPrivate = !blockPrivate, AllowLoopback = !blockLoopback, AllowLinkLocal = !blockLinkLocal };
        return new(server, parse.GetValue(CommonOptions.ApiKey), downloads, parse.GetValue(CommonOptions.Verbose), guard);
    }
}
