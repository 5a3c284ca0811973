using System.CommandLine;
using Crawler.Documents;

namespace Crawler.Cli;

/// <summary>How documents are found and their links resolved and checked.</summary>
/// <param name="Offline">Check local links only; URLs are reported excluded (<c>--offline</c>).</param>
/// <param name="ChangedSince">Read only the documents git sees changed since this commit (<c>--changed-since</c>).</param>
/// <param name="Since">An earlier JSON report to tell newly broken and fixed links from (<c>--since</c>).</param>
/// <param name="CacheMaxAge">Keep good URLs in <c>.crawlercache</c> for this long (<c>--cache</c>, <c>--max-cache-age</c>); null: no cache file.</param>
public sealed record DocumentSettings(
    DiscoveryOptions Discovery, ResolverSettings Resolver, bool IncludeFragments, bool Offline = false,
    string? ChangedSince = null, string? Since = null, TimeSpan? CacheMaxAge = null);

/// <summary>The options of <c>crawler check</c> for documents, named as lychee names them.</summary>
public sealed class DocumentOptionSet
{
    private readonly Option<string?> _rootDir = new("--root-dir") { Description = "Where root-relative links (/docs/a.md) of local documents start, on disk", HelpName = "folder" };
    private readonly Option<Uri?> _baseUrl = new("--base-url") { Description = "Where root-relative links start when there is no --root-dir, and relative links of standard input", HelpName = "url" };
    private readonly Option<string[]> _remap = new("--remap") { Description = "'pattern replacement': check URLs matching the regular expression at the replacement instead (a URL or an absolute path)", AllowMultipleArgumentsPerToken = false };
    private readonly Option<bool> _includeFragments = new("--include-fragments") { Description = "Check that #fragments of local Markdown and HTML targets exist (missing_fragment otherwise)" };
    private readonly Option<bool> _offline = new("--offline") { Description = "Check only links to local files; URLs are reported excluded and no cluster is started" };
    private readonly Option<string?> _changedSince = new("--changed-since") { Description = "Read only the documents changed since this git commit (and new ones)", HelpName = "ref" };
    private readonly Option<string?> _since = new("--since") { Description = "A JSON report of an earlier run (-f json): say which links are newly broken and which are fixed", HelpName = "report.json" };
    private readonly Option<bool> _cache = new("--cache") { Description = $"Remember good URLs in {ResultCacheFile.FileName} and skip them while fresh" };
    private readonly Option<TimeSpan> _maxCacheAge = new("--max-cache-age") { Description = "How long a good URL stays in the cache file: 1d, 12h, 30m, 90s", HelpName = "age", DefaultValueFactory = _ => TimeSpan.FromDays(1), CustomParser = ParseAge };
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
        foreach (var option in new Option[] { _rootDir, _baseUrl, _remap, _includeFragments, _offline, _changedSince, _since, _cache, _maxCacheAge, _hidden, _noIgnore, _extensions })
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
        return new DocumentSettings(
            discovery, new ResolverSettings(rootDir, parse.GetValue(_baseUrl), remaps), parse.GetValue(_includeFragments), parse.GetValue(_offline),
            parse.GetValue(_changedSince), parse.GetValue(_since), parse.GetValue(_cache) ? parse.GetValue(_maxCacheAge) : null);
    }

    private static TimeSpan ParseAge(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        var unit = text.Length > 0 && char.IsAsciiLetter(text[^1]) ? text[^1] : 's';
        var number = char.IsAsciiLetter(unit) && text.Length > 0 && char.IsAsciiLetter(text[^1]) ? text[..^1] : text;
        if (double.TryParse(number, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 0 && unit is 'd' or 'h' or 'm' or 's')
        {
            return unit switch { 'd' => TimeSpan.FromDays(value), 'h' => TimeSpan.FromHours(value), 'm' => TimeSpan.FromMinutes(value), _ => TimeSpan.FromSeconds(value) };
        }

        result.AddError($"--max-cache-age must be a number with d, h, m or s (1d, 12h), not '{text}'.");
        return default;
    }

    private static KeyValuePair<string, DocumentKind>? Extension(string text)
    {
        var parts = text.Split('=', 2, StringSplitOptions.TrimEntries);
        var kind = parts.Length == 2 ? DocumentKinds.Parse(parts[1]) : DocumentKinds.Parse(parts[0]);
        return kind is { } known && parts[0].Length > 0 ? new(parts[0].TrimStart('.'), known) : null;
    }
}
