using System.CommandLine;
using Crawler.Documents;

namespace Crawler.Cli;

/// <summary>How documents are found and their links resolved and checked.</summary>
/// <param name="Offline">Check local links only; URLs are reported excluded (<c>--offline</c>).</param>
public sealed record DocumentSettings(DiscoveryOptions Discovery, ResolverSettings Resolver, bool IncludeFragments, bool Offline = false);

/// <summary>The options of <c>crawler check</c> for documents, named as lychee names them.</summary>
public sealed class DocumentOptionSet
{
    private readonly Option<string?> _rootDir = new("--root-dir") { Description = "Where root-relative links (/docs/a.md) of local documents start, on disk", HelpName = "folder" };
    private readonly Option<Uri?> _baseUrl = new("--base-url") { Description = "Where root-relative links start when there is no --root-dir, and relative links of standard input", HelpName = "url" };
    private readonly Option<string[]> _remap = new("--remap") { Description = "'pattern replacement': check URLs matching the regular expression at the replacement instead (a URL or an absolute path)", AllowMultipleArgumentsPerToken = false };
    private readonly Option<bool> _includeFragments = new("--include-fragments") { Description = "Check that #fragments of local Markdown and HTML targets exist (missing_fragment otherwise)" };
    private readonly Option<bool> _offline = new("--offline") { Description = "Check only links to local files; URLs are reported excluded and no cluster is started" };
    private readonly Option<bool> _hidden = new("--hidden") { Description = "Also read hidden files and folders when walking folders" };
    private readonly Option<bool> _noIgnore = new("--no-ignore") { Description = "Also read what .gitignore files leave out" };
    private readonly Option<string[]> _extensions = new("--extensions") { Description = "More document extensions: ext=md|html|txt (mdx=md)", AllowMultipleArgumentsPerToken = true, HelpName = "ext=kind" };

    public DocumentOptionSet()
    {
        _remap.Validators.Add(result =>
        {
            foreach (var text in result.Tokens.Select(t => t.Value))
            {
                try
                {
                    Remap.Parse(text);
                }
                catch (FormatException e)
                {
                    result.AddError($"--remap: {e.Message}");
                }
            }
        });
        _rootDir.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && !Directory.Exists(result.Tokens[0].Value))
            {
                result.AddError($"--root-dir: '{result.Tokens[0].Value}' is not a folder.");
            }
        });
        _baseUrl.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<Uri?>() is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
            {
                result.AddError($"--base-url must be an http or https URL, not '{url}'.");
            }
        });
        _extensions.Validators.Add(result =>
        {
            foreach (var text in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries)))
            {
                if (Extension(text) is null)
                {
                    result.AddError($"--extensions: '{text}' is not ext=md, ext=html or ext=txt.");
                }
            }
        });
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _rootDir, _baseUrl, _remap, _includeFragments, _offline, _hidden, _noIgnore, _extensions })
        {
            command.Options.Add(option);
        }
    }

    public DocumentSettings Read(ParseResult parse)
    {
        var extensions = (parse.GetValue(_extensions) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(t => Extension(t)!.Value);
        var discovery = new DiscoveryOptions(parse.GetValue(_hidden), parse.GetValue(_noIgnore), new DocumentKinds(extensions));
        var rootDir = parse.GetValue(_rootDir) is { } root ? Path.GetFullPath(root) : null;
        var remaps = (parse.GetValue(_remap) ?? []).Select(Remap.Parse).ToList();
        return new DocumentSettings(discovery, new ResolverSettings(rootDir, parse.GetValue(_baseUrl), remaps), parse.GetValue(_includeFragments), parse.GetValue(_offline));
    }

    private static KeyValuePair<string, DocumentKind>? Extension(string text)
    {
        var parts = text.Split('=', 2, StringSplitOptions.TrimEntries);
        var kind = parts.Length == 2 ? DocumentKinds.Parse(parts[1]) : DocumentKinds.Parse(parts[0]);
        return kind is { } known && parts[0].Length > 0 ? new(parts[0].TrimStart('.'), known) : null;
    }
}
