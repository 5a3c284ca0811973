using System.Text.RegularExpressions;

namespace Crawler.Probing;

/// <summary>
/// Which URLs a batch checks: those matching any include pattern (all, when there is none) and no exclude
/// pattern, matched against the normalised URL. Patterns run on the non-backtracking engine (linear in the URL's
/// length, which is bounded), with a time limit besides, so a hostile pattern cannot stall a silo.
/// </summary>
public sealed class UrlFilter
{
    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private readonly Regex[] _include;
    private readonly Regex[] _exclude;

    private UrlFilter(Regex[] include, Regex[] exclude)
    {
        _include = include;
        _exclude = exclude;
    }

    public static UrlFilter All { get; } = new([], []);

    /// <summary>Why the URL is not checked, or null when it is.</summary>
    public string? Rejects(NormalizedUrl url) => Rejects(url.ToString());

    /// <summary>Why a target is not checked (a URL, or a document check's local path), or null when it is.</summary>
    public string? Rejects(string text)
    {
        try
        {
            if (_include.Length > 0 && !_include.Any(r => r.IsMatch(text)))
            {
                return "matches no include pattern";
            }

            return _exclude.FirstOrDefault(r => r.IsMatch(text)) is { } excluded ? $"matches exclude pattern {excluded}" : null;
        }
        catch (RegexMatchTimeoutException ex)
        {
            return $"pattern {ex.Pattern} took longer than {MatchTimeout.TotalMilliseconds} ms on this URL";
        }
    }

    public static bool TryCreate(IEnumerable<string> include, IEnumerable<string> exclude, out UrlFilter? filter, out string? error)
    {
        filter = null;
        var compiled = new List<Regex>[2];
        var sources = new[] { include, exclude };
        for (var i = 0; i < 2; i++)
        {
            compiled[i] = [];
            foreach (var pattern in sources[i])
            {
                try
                {
                    compiled[i].Add(new Regex(pattern, Options, MatchTimeout));
                }
                catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
                {
                    error = $"pattern '{pattern}' is not usable: {ex.Message}";
                    return false;
                }
            }
        }

        filter = compiled[0].Count == 0 && compiled[1].Count == 0 ? All : new UrlFilter([.. compiled[0]], [.. compiled[1]]);
        error = null;
        return true;
    }
}
