using System.Globalization;

namespace Crawler.Cli;

/// <summary>
/// <c>--cache</c>: good URLs remembered between runs in <c>.crawlercache</c> (the current folder's), as lychee's
/// <c>.lycheecache</c>, so a CI job that runs on every push asks again only for what is new or older than
/// <c>--max-cache-age</c>. Only <c>ok</c> results are kept: a broken link is always checked again. One
/// <c>url, status, seconds since 1970</c> a line; written whole under a temporary name, then moved into place.
/// </summary>
public sealed class ResultCacheFile
{
    public const string FileName = ".crawlercache";

    private readonly string _path;
    private readonly TimeSpan _maxAge;
    private readonly Dictionary<string, (int? Status, DateTimeOffset At)> _entries = new(StringComparer.Ordinal);

    private ResultCacheFile(string path, TimeSpan maxAge) => (_path, _maxAge) = (path, maxAge);

    public static ResultCacheFile Load(string directory, TimeSpan maxAge)
    {
        var cache = new ResultCacheFile(Path.Join(directory, FileName), maxAge);
        if (File.Exists(cache._path))
        {
            foreach (var line in File.ReadLines(cache._path))
            {
                var fields = line.Split('\t');
                if (fields.Length == 3 && long.TryParse(fields[2], CultureInfo.InvariantCulture, out var seconds))
                {
                    var status = int.TryParse(fields[1], CultureInfo.InvariantCulture, out var code) ? code : (int?)null;
                    cache._entries[fields[0]] = (status, DateTimeOffset.FromUnixTimeSeconds(seconds));
                }
            }
        }

        return cache;
    }

    /// <summary>The status of a URL found good within the maximum age, if it was.</summary>
    public bool TryGetFresh(string url, DateTimeOffset now, out int? status)
    {
        if (_entries.TryGetValue(url, out var entry) && now - entry.At <= _maxAge)
        {
            status = entry.Status;
            return true;
        }

        status = null;
        return false;
    }

    public void Remember(string url, int? status, DateTimeOffset at) => _entries[url] = (status, at);

    /// <summary>Writes what is still fresh; an old entry goes.</summary>
    public async Task SaveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var temporary = $"{_path}.{Environment.ProcessId}.partial";
        var lines = _entries.Where(e => now - e.Value.At <= _maxAge)
            .Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key}\t{e.Value.Status}\t{e.Value.At.ToUnixTimeSeconds()}"));
        await File.WriteAllLinesAsync(temporary, lines, cancellationToken);
        File.Move(temporary, _path, overwrite: true);
    }
}
