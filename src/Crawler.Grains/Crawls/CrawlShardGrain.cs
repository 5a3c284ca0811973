using System.Diagnostics;
using Crawler.Crawling;
using Crawler.Grains.Batches;
using Crawler.Grains.Placement;
using Crawler.Probing;
using Microsoft.Extensions.Logging;

namespace Crawler.Grains.Crawls;

/// <summary>
/// A shard of a crawl's frontier (<see cref="CrawlFrontier"/>): it alone decides whether a URL of its hosts is new, so
/// two silos never both take one. It holds nothing durable: the crawl's list in the store is the truth, and the shard
/// reads its part of it again whenever it does not know the crawl's current epoch — after its own silo was lost, or
/// after the crawl's grain restarted (which may have lost admissions it never stored).
/// </summary>
[SpreadPlacement]
public sealed partial class CrawlShardGrain(BatchStore store, ILogger<CrawlShardGrain> logger) : Grain, ICrawlShardGrain
{
    private readonly CrawlFrontier _frontier = new();
    private long _epoch;

    // From the key, {crawl}/{shard}.
    private string _crawlId = "";
    private int _shard;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.LastIndexOf('/');
        _crawlId = key[..slash];
        _shard = int.Parse(key.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }

    public async Task<ShardDecision[]> OfferAsync(ShardOffer offer)
    {
        using var activity = CrawlTelemetry.Source.StartActivity("crawl.shard.offer");
        activity?.SetTag("crawl.id", _crawlId);
        activity?.SetTag("crawl.shard", _shard);
        activity?.SetTag("crawl.links", offer.Links.Count);
        if (offer.Epoch != _epoch)
        {
            await ReloadAsync(offer.Epoch, offer.Shards);
        }

        foreach (var placed in offer.Placed)
        {
            if (Key(placed.Url) is { } key)
            {
                _frontier.Place(key, placed.Index);
            }
        }

        var decisions = new ShardDecision[offer.Links.Count];
        for (var i = 0; i < decisions.Length; i++)
        {
            var link = offer.Links[i];
            decisions[i] = (link.Kind == ShardLinkKind.Fragment ? FragmentKey(link.Url) : Key(link.Url)) is not { } key ? ShardDecision.No : link.Kind switch
            {
                ShardLinkKind.Fragment => _frontier.AdmitAsset(key) ? ShardDecision.New : ShardDecision.No,
                ShardLinkKind.Image => _frontier.AdmitAsset(key) ? ShardDecision.New : ShardDecision.No,
                // A page is checked by being fetched: a link to it needs no check of its own.
                ShardLinkKind.Resource => !_frontier.Holds(key) && _frontier.AdmitAsset(key) ? ShardDecision.New : ShardDecision.No,
                ShardLinkKind.Landed => Remember(key, link),
                _ => _frontier.Offer(key, link.Depth) switch
                {
                    (Admission.New, _) => ShardDecision.New,
                    (Admission.Nearer, var index) => new ShardDecision(ShardAdmission.Nearer, index),
                    _ => ShardDecision.No,
                },
            };
        }

        var admitted = decisions.Count(d => d.Admission != ShardAdmission.No);
        CrawlTelemetry.Links.Add(offer.Links.Count - admitted, new KeyValuePair<string, object?>("decision", "known"));
        CrawlTelemetry.Links.Add(admitted, new KeyValuePair<string, object?>("decision", "admitted"));
        return decisions;
    }

    private ShardDecision Remember(UInt128 key, ShardLink link)
    {
        _frontier.Remember(key, link.Depth, link.Index);
        return ShardDecision.No;
    }

    /// <summary>Reads this shard's URLs (those of its hosts) from the crawl's stored list, with their depths and indices.</summary>
    private async Task ReloadAsync(long epoch, int shards)
    {
        var started = Stopwatch.GetTimestamp();
        _frontier.Clear();
        var blocks = new UrlBlocks(store, _crawlId, crawl: true);
        await blocks.LoadAsync();
        foreach (var offset in blocks.Offsets)
        {
            var urls = await blocks.BlockAsync(offset);
            for (var i = 0; i < urls.Length; i++)
            {
                if (!NormalizedUrl.TryParse(urls[i], out var url, out _) || CrawlShards.Of(url!.Host, shards) != _shard)
                {
                    continue;
                }

                var index = (int)offset + i;
                var role = await blocks.RoleAsync(index);
                if (role == CrawlRole.Fragment && FragmentKey(urls[i]) is { } fragmentKey)
                {
                    _frontier.AdmitAsset(fragmentKey);
                }
                else if (role != CrawlRole.Page)
                {
                    _frontier.AdmitAsset(UrlTriage.KeyOf(url));
                }
                else
                {
                    _frontier.Remember(UrlTriage.KeyOf(url), await blocks.DepthAsync(index), index);
                }
            }
        }

        _epoch = epoch;
        LogReloaded(_crawlId, _shard, epoch, _frontier.Pages, _frontier.Assets, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static UInt128? Key(string url) => NormalizedUrl.TryParse(url, out var normalized, out _) ? UrlTriage.KeyOf(normalized!) : null;

    private static UInt128? FragmentKey(string link) =>
        link.IndexOf('#', StringComparison.Ordinal) is var hash and > 0 && NormalizedUrl.TryParse(link[..hash], out var normalized, out _)
            ? UrlTriage.KeyOf(normalized!, link[(hash + 1)..])
            : null;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Crawl {CrawlId} shard {Shard} read for epoch {Epoch}: {Pages} pages, {Assets} images and resources in {Milliseconds:0.0} ms")]
    private partial void LogReloaded(string crawlId, int shard, long epoch, int pages, int assets, double milliseconds);
}
