namespace Crawler.Crawling;

/// <summary>
/// An allow or disallow path of robots.txt: matched from the start of the path, <c>*</c> standing for any run of
/// characters and a final <c>$</c> for the end of the path (RFC 9309 §2.2.3). Case-sensitive, as paths are.
/// </summary>
internal sealed class RobotsPattern
{
    private readonly string[] _segments;
    private readonly bool _anchored;

    public RobotsPattern(string normalized, bool allow)
    {
        Allow = allow;
        Length = normalized.Length;
        _anchored = normalized.EndsWith('$');
        _segments = (_anchored ? normalized[..^1] : normalized).Split('*');
    }

    public bool Allow { get; }

    /// <summary>How specific the pattern is: the longest matching pattern decides.</summary>
    public int Length { get; }

    public bool Matches(string path)
    {
        var first = _segments[0];
        if (!path.StartsWith(first, StringComparison.Ordinal))
        {
            return false;
        }

        if (_segments.Length == 1)
        {
            return !_anchored || path.Length == first.Length;
        }

        var position = first.Length;
        for (var i = 1; i < _segments.Length - 1; i++)
        {
            var found = path.IndexOf(_segments[i], position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + _segments[i].Length;
        }

        var last = _segments[^1];
        return _anchored
            ? path.Length - last.Length >= position && path.EndsWith(last, StringComparison.Ordinal)
            : path.IndexOf(last, position, StringComparison.Ordinal) >= 0;
    }
}
