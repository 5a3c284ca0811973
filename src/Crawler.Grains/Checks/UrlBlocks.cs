namespace Crawler.Grains.Checks;

/// <summary>
/// A batch's URLs, read from the store a block at a time and kept in a small least-recently-used cache,
/// so a batch of any size holds only a few blocks in memory. Not thread-safe: one grain uses it.
/// </summary>
internal sealed class UrlBlocks(CheckBatchStore store, string batchId, int capacity = 16)
{
    private readonly Dictionary<long, LinkedListNode<(long Offset, string[] Urls)>> _cached = [];
    private readonly LinkedList<(long Offset, string[] Urls)> _recent = new();
    private long[] _offsets = [];

    /// <summary>The first index of every block, in order.</summary>
    public IReadOnlyList<long> Offsets => _offsets;

    public async Task LoadAsync() => _offsets = await store.ReadBlockOffsetsAsync(batchId);

    public async Task<string[]> BlockAsync(long offset)
    {
        if (_cached.TryGetValue(offset, out var node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value.Urls;
        }

        var urls = await store.ReadBlockAsync(batchId, offset);
        if (!_cached.ContainsKey(offset))
        {
            _cached[offset] = _recent.AddFirst((offset, urls));
            if (_recent.Count > capacity)
            {
                _cached.Remove(_recent.Last!.Value.Offset);
                _recent.RemoveLast();
            }
        }

        return urls;
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
