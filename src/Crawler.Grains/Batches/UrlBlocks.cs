using Crawler.Grains.Crawls;

namespace Crawler.Grains.Batches;

/// <summary>
/// A batch's URLs, read from the store a block at a time and kept in a small least-recently-used cache,
/// so a batch of any size holds only a few blocks in memory. Not thread-safe: one grain uses it.
/// A crawl stores the pages it finds as <c>"{depth} {url}"</c>, the images it downloads as <c>"{depth}i {url}"</c> and
/// the resources it checks as <c>"{depth}r {url}"</c>, each of the two with the index of the page it was found on after its
/// letter (<c>"2r17 {url}"</c>; see <see cref="Line"/>); seeds, like a batch's URLs, are stored as given, at depth 0.
/// </summary>
internal sealed class UrlBlocks(BatchStore store, string batchId, bool crawl = false, int capacity = 16)
{
    private readonly Dictionary<long, LinkedListNode<(long Offset, string[] Urls)>> _cached = [];
    private readonly LinkedList<(long Offset, string[] Urls)> _recent = new();
    private readonly Dictionary<long, (int[] Depths, CrawlRole[] Roles, int[] FoundOn)> _kinds = [];
    private long[] _offsets = [];

    /// <summary>The first index of every block, in order.</summary>
    public IReadOnlyList<long> Offsets => _offsets;

    /// <summary>Reads the list of blocks, at the start.</summary>
    public async Task LoadAsync() => _offsets = await store.ReadBlockOffsetsAsync(batchId);

    /// <summary>Takes in the blocks of <paramref name="count"/> URLs this grain appended at <paramref name="offset"/> (a crawl's), as the store cut them.</summary>
    public void Appended(long offset, int count)
    {
        var added = (count + BatchStore.BlockSize - 1) / BatchStore.BlockSize;
        _offsets = [.. _offsets, .. Enumerable.Range(0, added).Select(n => offset + ((long)n * BatchStore.BlockSize))];
    }

    public async Task<string[]> BlockAsync(long offset)
    {
        if (_cached.TryGetValue(offset, out var node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value.Urls;
        }

        var lines = await store.ReadBlockAsync(batchId, offset);
        var urls = new string[lines.Length];
        var depths = new int[lines.Length];
        var roles = new CrawlRole[lines.Length];
        var foundOn = new int[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            (depths[i], roles[i], foundOn[i], urls[i]) = Parse(lines[i]);
        }

        if (!_cached.ContainsKey(offset))
        {
            _cached[offset] = _recent.AddFirst((offset, urls));
            _kinds[offset] = (depths, roles, foundOn);
            if (_recent.Count > capacity)
            {
                _cached.Remove(_recent.Last!.Value.Offset);
                _kinds.Remove(_recent.Last!.Value.Offset);
                _recent.RemoveLast();
            }
        }

        return urls;
    }

    /// <summary>How many links from a seed the URL at <paramref name="index"/> is (0 for a batch's URLs).</summary>
    public async Task<int> DepthAsync(int index)
    {
        var offset = OffsetOf(index);
        await BlockAsync(offset);
        return _kinds[offset].Depths[index - offset];
    }

    /// <summary>The index of the page an image or resource was found on, or -1.</summary>
    public async Task<int> FoundOnAsync(int index)
    {
        var offset = OffsetOf(index);
        await BlockAsync(offset);
        return _kinds[offset].FoundOn[index - offset];
    }

    /// <summary>What a crawl stored the URL at <paramref name="index"/> for (a batch's URLs are pages).</summary>
    public async Task<CrawlRole> RoleAsync(int index)
    {
        var offset = OffsetOf(index);
        await BlockAsync(offset);
        return _kinds[offset].Roles[index - offset];
    }

    /// <summary>How a crawl stores a URL it found.</summary>
    public static string Line(int depth, string url, CrawlRole role = CrawlRole.Page, int foundOn = -1) => role switch
    {
        CrawlRole.Image => $"{depth}i{FoundOnText(foundOn)} {url}",
        CrawlRole.Resource => $"{depth}r{FoundOnText(foundOn)} {url}",
        CrawlRole.Fragment => $"{depth}f{FoundOnText(foundOn)} {url}",
        _ => $"{depth} {url}",
    };

    private static string FoundOnText(int foundOn) => foundOn >= 0 ? foundOn.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";

    private (int Depth, CrawlRole Role, int FoundOn, string Url) Parse(string line)
    {
        var space = crawl ? line.IndexOf(' ', StringComparison.Ordinal) : -1;
        if (space <= 0)
        {
            return (0, CrawlRole.Page, -1, line);
        }

        // "{depth}", or "{depth}{i|r}{found on}" (the page's index may be absent: lines written before it was kept).
        var head = line.AsSpan(0, space);
        var letter = head.IndexOfAny('i', 'r', 'f');
        var role = letter < 0 ? CrawlRole.Page : head[letter] switch { 'i' => CrawlRole.Image, 'r' => CrawlRole.Resource, _ => CrawlRole.Fragment };
        var foundOn = letter >= 0 && letter + 1 < head.Length && int.TryParse(head[(letter + 1)..], out var page) ? page : -1;
        return int.TryParse(letter < 0 ? head : head[..letter], out var depth) ? (depth, role, foundOn, line[(space + 1)..]) : (0, CrawlRole.Page, -1, line);
    }

    public async Task<string[]> UrlsAsync(IReadOnlyList<int> indices)
    {
        var urls = new string[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            var offset = OffsetOf(indices[i]);
            urls[i] = (await BlockAsync(offset))[indices[i] - offset];
        }

        return urls;
    }

    private long OffsetOf(int index)
    {
        var found = Array.BinarySearch(_offsets, (long)index);
        return found >= 0 ? _offsets[found] : _offsets[~found - 1];
    }
}
