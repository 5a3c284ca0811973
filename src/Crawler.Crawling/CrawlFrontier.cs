namespace Crawler.Crawling;

/// <summary>
/// The part of a crawl's frontier that one shard owns — the URLs of some of its hosts: each URL the crawl holds, with
/// the fewest links from a seed it was found at and where it stands in the crawl's list, and its assets: the images it
/// downloads and the resources it checks, each fetched once and never followed.
/// A URL is held from the moment it is first offered (<see cref="Admission.New"/>), so no other offer can take it, and
/// is placed once the crawl has stored it (or let go, when the crawl's page budget is spent).
/// Keys are <see cref="Probing.UrlTriage.KeyOf(Probing.NormalizedUrl)"/>. Not thread-safe: one grain uses it.
/// </summary>
public sealed class CrawlFrontier
{
    /// <summary>The index of a URL admitted but not yet stored.</summary>
    public const int Unplaced = -1;

    private readonly Dictionary<UInt128, (int Depth, int Index)> _pages = [];
    private readonly HashSet<UInt128> _assets = [];

    /// <summary>Pages held (stored, or admitted and about to be).</summary>
    public int Pages => _pages.Count;

    /// <summary>Images and resources held.</summary>
    public int Assets => _assets.Count;

    /// <summary>
    /// Counts a URL the crawl holds at <paramref name="index"/> of its list, found at <paramref name="depth"/>: one it
    /// stored, or the target of a redirect, which is the page at its source's index. The nearer depth is kept.
    /// </summary>
    public void Remember(UInt128 key, int depth, int index)
    {
        if (!_pages.TryGetValue(key, out var known))
        {
            _pages[key] = (depth, index);
        }
        else if (depth < known.Depth)
        {
            _pages[key] = (depth, known.Index == Unplaced ? index : known.Index);
        }
    }

    /// <summary>
    /// Offers a link found at <paramref name="depth"/>: <see cref="Admission.New"/> the first time (it is held from now
    /// on, <see cref="Unplaced"/> until <see cref="Place"/>), <see cref="Admission.Nearer"/> with its index when it was
    /// stored from farther away (its own links may reach further now), else <see cref="Admission.No"/>.
    /// </summary>
    public (Admission Admission, int Index) Offer(UInt128 key, int depth)
    {
        if (!_pages.TryGetValue(key, out var known))
        {
            _pages[key] = (depth, Unplaced);
            return (Admission.New, Unplaced);
        }

        if (depth >= known.Depth || known.Index == Unplaced)
        {
            return (Admission.No, known.Index);
        }

        _pages[key] = (depth, known.Index);
        return (Admission.Nearer, known.Index);
    }

    /// <summary>Where an admitted URL was stored; <see cref="Unplaced"/> lets it go (the crawl did not take it after all).</summary>
    public void Place(UInt128 key, int index)
    {
        if (index == Unplaced)
        {
            _pages.Remove(key);
        }
        else if (_pages.TryGetValue(key, out var known))
        {
            _pages[key] = (known.Depth, index);
        }
    }

    /// <summary>Whether the URL is one of the crawl's pages.</summary>
    public bool Holds(UInt128 key) => _pages.ContainsKey(key);

    /// <summary>Admits an image a page shows (for download) or a resource it loads (to check): true if it is new.</summary>
    public bool AdmitAsset(UInt128 key) => _assets.Add(key);

    /// <summary>Forgets everything: before the frontier is read again from the crawl's list.</summary>
    public void Clear()
    {
        _pages.Clear();
        _assets.Clear();
    }
}

/// <summary>What <see cref="CrawlFrontier.Offer"/> decided.</summary>
public enum Admission
{
    No,
    New,
    Nearer,
}
