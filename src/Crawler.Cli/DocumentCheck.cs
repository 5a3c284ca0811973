using System.Diagnostics;
using System.Globalization;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Documents;
using Crawler.Formats;
using Crawler.Formats.Links;
using Crawler.Probing;

namespace Crawler.Cli;

/// <summary>
/// <c>crawler check</c> over documents: every link of every document is resolved; links to this machine's files are
/// checked here, on disk (the cluster never sees the user's files); every distinct URL is checked once, by the cluster,
/// as one batch (started only when there is a URL to check); then each link gets its target's result at its file, line
/// and column, and the report is written here from them.
/// </summary>
public sealed class DocumentCheck(JobConsole console, OutputTarget output, ReportFormat? format)
{
    private readonly List<LinkCheck> _checks = [];
    private readonly List<string> _urls = [];
    private readonly Dictionary<string, int> _urlIndex = new(StringComparer.Ordinal);
    private readonly List<List<(SourceLocation Location, string Reference, string? Fragment)>> _urlLinks = [];

    /// <param name="connect">Opens the cluster (embedded or remote) the first time a URL must be checked.</param>
    public async Task<int> RunAsync(CheckInputs inputs, DocumentSettings settings, BatchOptions options, Func<Task<BatchJob>> connect, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var resolver = new LinkResolver(settings.Resolver);
        var local = new LocalLinks(settings.Discovery.Kinds ?? DocumentKinds.Default, settings.IncludeFragments, CheckInputs.DisplayPath);
        // The batch's include and exclude patterns, applied to local targets as the cluster applies them to URLs.
        var filter = UrlFilter.TryCreate(options.Include, options.Exclude, out var compiled, out _) ? compiled! : UrlFilter.All;
        var localTargets = new HashSet<string>(StringComparer.Ordinal);

        foreach (var listed in inputs.Urls)
        {
            AddUrl(listed.Url, listed.Location, listed.Url, null);
        }

        void AddUrl(string url, SourceLocation location, string reference, string? fragment)
        {
            if (settings.Offline)
            {
                AddLocal(new DocumentLink(reference, location), url, new LocalCheck(ProbeOutcome.Excluded.Name(), "offline: URLs are not checked"));
            }
            else
            {
                AddRemote(url, location, reference, settings.IncludeFragments ? fragment : null);
            }
        }

        foreach (var document in inputs.Documents)
        {
            var text = await File.ReadAllTextAsync(document.FullPath, cancellationToken);
            Anchors? anchors = null;
            foreach (var link in DocumentLinks.Extract(text, document.Kind, document.Source))
            {
                var target = resolver.Resolve(link.Reference, document.FullPath);
                switch (target.Kind)
                {
                    case TargetKind.Remote:
                        AddUrl(target.Address, link.Location, link.Reference, target.Fragment);
                        break;
                    case TargetKind.Local:
                        var shown = CheckInputs.DisplayPath(target.Address) + (target.Fragment is { } f ? $"#{f}" : "");
                        localTargets.Add(shown);
                        AddLocal(link, shown, filter.Rejects(shown) is { } reason ? new LocalCheck(ProbeOutcome.Excluded.Name(), reason) : local.Check(target.Address, target.Fragment));
                        break;
                    case TargetKind.ThisDocument:
                        anchors ??= Anchors.Of(text, document.Kind);
                        var here = $"{document.Source}#{target.Fragment}";
                        localTargets.Add(here);
                        AddLocal(link, here, local.CheckFragment(anchors, target.Fragment ?? "", document.Source));
                        break;
                    case TargetKind.Unchecked:
                        AddLocal(link, target.Address, new LocalCheck(ProbeOutcome.Excluded.Name(), target.Reason));
                        break;
                    default:
                        AddLocal(link, target.Address, new LocalCheck(ProbeOutcome.InvalidUrl.Name(), target.Reason));
                        break;
                }
            }
        }

        // Good URLs of earlier runs, while fresh, are not asked again; the rest go to the cluster as one batch.
        var cache = settings.CacheMaxAge is { } maxAge ? ResultCacheFile.Load(Environment.CurrentDirectory, maxAge) : null;
        var started = DateTimeOffset.UtcNow;
        var toCheck = new List<int>();
        for (var i = 0; i < _urls.Count; i++)
        {
            // A URL whose fragments are to be checked needs its page's anchors, which the cache file does not keep.
            if (cache is not null && !_urlLinks[i].Any(link => link.Fragment is not null) && cache.TryGetFresh(_urls[i], started, out var status))
            {
                OnResult(new UrlResult { Index = i, Url = _urls[i], Status = status, Outcome = ProbeOutcome.Ok.Name(), Cached = true, QueuedAt = started, FinishedAt = started });
            }
            else
            {
                toCheck.Add(i);
            }
        }

        (BatchStatus Status, ConcurrencySummary Summary)? batch = null;
        if (toCheck.Count > 0)
        {
            var job = await connect();
            var anchors = toCheck.Any(i => _urlLinks[i].Any(link => link.Fragment is not null));
            batch = await job.CollectAsync(new BatchRequest([.. toCheck.Select(i => _urls[i])], anchors ? options with { Anchors = true } : options), result =>
            {
                var original = result with { Index = toCheck[result.Index] };
                OnResult(original);
                if (original.Outcome == ProbeOutcome.Ok.Name())
                {
                    cache?.Remember(original.Url, original.Status, original.FinishedAt);
                }
            }, cancellationToken);
            if (batch is null)
            {
                return ExitCodes.Cancelled;
            }
        }

        if (cache is not null)
        {
            await cache.SaveAsync(DateTimeOffset.UtcNow, cancellationToken);
        }

        var report = new LinkReport(_checks, inputs.Documents.Count, _urls.Count + localTargets.Count, clock.Elapsed);
        if (format is { } chosen)
        {
            await LinkReportWriters.WriteAsync(chosen, report, await output.StreamAsync(), cancellationToken);
        }
        else
        {
            await WriteBrokenByFileAsync(report, output.Writer);
        }

        var notes = format is null ? output.Writer : console.Error;
        if (settings.Since is { } previous)
        {
            foreach (var line in PreviousReport.Load(previous).Compare(report))
            {
                await notes.WriteLineAsync(line);
            }
        }

        await notes.WriteLineAsync(Counts(report, _urls.Count, toCheck.Count));
        if (batch is { Summary: var summary })
        {
            await notes.WriteLineAsync(Summaries.Concurrency(summary, "hosts"));
            if (Summaries.Waits(summary) is { Length: > 0 } waits)
            {
                await notes.WriteLineAsync(waits);
            }
        }

        await output.CommitAsync();
        return report.Broken > 0 ? ExitCodes.Failures : ExitCodes.Ok;
    }

    private void AddRemote(string url, SourceLocation location, string reference, string? fragment)
    {
        if (!_urlIndex.TryGetValue(url, out var index))
        {
            index = _urls.Count;
            _urlIndex.Add(url, index);
            _urls.Add(url);
            _urlLinks.Add([]);
        }

        _urlLinks[index].Add((location, reference, fragment));
    }

    private void AddLocal(DocumentLink link, string target, LocalCheck check)
    {
        var now = DateTimeOffset.UtcNow;
        var result = new UrlResult { Index = -1, Url = target, Outcome = check.Outcome, Error = check.Error, QueuedAt = now, FinishedAt = now };
        _checks.Add(new LinkCheck(link.Location, link.Reference, result));
        Show(result, [link.Location]);
    }

    private void OnResult(UrlResult result)
    {
        var links = _urlLinks[result.Index];
        _checks.AddRange(links.Select(link => new LinkCheck(link.Location, link.Reference, RemoteFragments.ResultFor(result, link.Fragment))));
        Show(RemoteFragments.ResultFor(result, null), [.. links.Select(link => link.Location)]);
        foreach (var link in links.Where(link => RemoteFragments.ResultFor(result, link.Fragment).Outcome != result.Outcome))
        {
            Show(RemoteFragments.ResultFor(result, link.Fragment) with { Url = link.Reference }, [link.Location]);
        }
    }

    private void Show(UrlResult result, IReadOnlyList<SourceLocation> locations)
    {
        if (format is not null)
        {
            console.Count();
            return;
        }

        var line = ResultLines.For(result);
        var more = locations.Count > 1 ? $" (+{locations.Count - 1} more)" : "";
        console.Write(line with { Text = $"{line.Text} — {locations[0]}{more}" });
    }

    /// <summary>After the lines, as lychee ends: the broken links again, under their files, so they are found at the end of a long run.</summary>
    private static async Task WriteBrokenByFileAsync(LinkReport report, TextWriter writer)
    {
        foreach (var file in report.BySource())
        {
            var broken = file.Where(LinkReport.IsBroken).ToList();
            if (broken.Count == 0)
            {
                continue;
            }

            await writer.WriteLineAsync($"Broken links in {file.Key}:");
            foreach (var link in broken)
            {
                var status = link.Result.Status is { } code ? $" {code}" : "";
                var error = link.Result.Error is { Length: > 0 } e ? $": {e}" : "";
                await writer.WriteLineAsync($"  {link.Location.Line}:{link.Location.Column} {link.Reference} {link.Result.Outcome}{status}{error}");
            }
        }
    }

    private static string Counts(LinkReport report, int urls, int asked)
    {
        var notOk = report.NotOk.Count == 0 ? "" : $" ({string.Join(", ", report.NotOk.Select(o => $"{o.Outcome} {o.Count}"))})";
        var fromCache = urls > asked ? $", {urls - asked} good in the cache" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{report.Links.Count} links in {report.Documents} documents, {report.Targets} targets ({asked} URLs checked by the cluster{fromCache}): " +
            $"{report.Ok} ok, {report.Broken} broken, {report.Skipped} skipped{notOk} in {report.Elapsed.TotalSeconds:0.00} s");
    }
}
