using System.Text.RegularExpressions;

namespace Crawler.Documents;

/// <summary>
/// <c>--remap 'pattern replacement'</c>: a regular expression over the resolved URL and what it becomes (with
/// <c>$1</c> for groups), for links to be checked somewhere else — a preview site, or a local folder
/// (<c>file:///…</c> or an absolute path).
/// </summary>
public sealed record Remap(Regex Pattern, string Replacement)
{
    public static Remap Parse(string text)
    {
        var parts = text.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            throw new FormatException($"A remap is 'pattern replacement', separated by a space: '{text}'.");
        }

        try
        {
            return new Remap(new Regex(parts[0], RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), parts[1]);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"The remap pattern '{parts[0]}' is not a regular expression: {e.Message}", e);
        }
    }

    /// <summary>The URL remapped, or null when the pattern does not match.</summary>
    public string? Apply(string url) => Pattern.IsMatch(url) ? Pattern.Replace(url, Replacement, 1) : null;
}
