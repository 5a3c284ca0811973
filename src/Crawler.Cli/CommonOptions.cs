using System.CommandLine;
using Crawler.Formats;

namespace Crawler.Cli;

/// <summary>The options every command takes: where the cluster is, what to write and where.</summary>
public static class CommonOptions
{
    public static readonly Option<Uri?> Server = new("--server", "-s")
    {
        Description = "A running Crawler API (http://host:port); without it, an embedded cluster runs in this process",
        Recursive = true,
        HelpName = "url",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CRAWLER_SERVER") is { Length: > 0 } url ? new Uri(url, UriKind.RelativeOrAbsolute) : null,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                return uri;
            }

            result.AddError($"--server must be an http or https URL (http://host:port), not '{text}'.");
            return null;
        },
    };

    /// <summary>The API's report formats, or none (null) for text: a line per result for people.</summary>
    public static readonly Option<ReportFormat?> Format = new("--format", "-f")
    {
        Description = "text (a line per result, the default), ndjson (the API's lines), or a report: json, csv, markdown, junit, sarif",
        Recursive = true,
        HelpName = string.Join('|', ["text", .. ReportFormats.All.Select(f => f.Name())]),
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (text.Equals("text", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (ReportFormats.TryParse(text, out var format))
            {
                return format;
            }

            result.AddError($"--format must be text, {string.Join(", ", ReportFormats.All.Select(f => f.Name()))}; not '{text}'.");
            return null;
        },
    };

    public static readonly Option<string?> Output = new("--output", "-o")
    {
        Description = "Write the results to this file (whole or not at all) instead of standard output",
        Recursive = true,
    };

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "The API key for --server (default: $CRAWLER_API_KEY); sent as X-Api-Key",
        Recursive = true,
        HelpName = "key",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CRAWLER_API_KEY") is { Length: > 0 } key ? key : null,
    };

    // An embedded cluster is a local tool: it may check the user's own machine and network unless told not to (lychee's
    // --exclude-private, --exclude-loopback and --exclude-link-local). A server has its own guard.
    public static readonly Option<bool> BlockPrivate = new("--block-private")
    {
        Description = "Embedded cluster: refuse private addresses (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7)",
        Recursive = true,
    };

    public static readonly Option<bool> BlockLoopback = new("--block-loopback")
    {
        Description = "Embedded cluster: refuse loopback addresses (127/8, ::1)",
        Recursive = true,
    };

    public static readonly Option<bool> BlockLinkLocal = new("--block-link-local")
    {
        Description = "Embedded cluster: refuse link-local addresses (169.254/16, fe80::/10)",
        Recursive = true,
    };

    /// <summary>Read by <see cref="ConfigFile"/> before parsing; declared so that help shows it and parsing accepts it.</summary>
    public static readonly Option<string?> Config = new("--config")
    {
        Description = $"Options from this TOML file (default: ./{ConfigFile.FileName} when there is one); the command line wins",
        Recursive = true,
        HelpName = "file",
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show the embedded cluster's warnings and errors",
        Recursive = true,
    };
}
