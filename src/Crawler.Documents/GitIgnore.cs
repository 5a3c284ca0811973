using System.Text;
using System.Text.RegularExpressions;

namespace Crawler.Documents;

/// <summary>
/// The patterns of one <c>.gitignore</c>, matched as git matches them: relative to the folder the file is in; a pattern
/// with a slash before its end is anchored there, one without matches at any depth; a trailing slash matches folders
/// only; <c>*</c>, <c>?</c> and <c>[…]</c> stay within a path segment, <c>**</c> spans segments; <c>!</c> takes a path
/// back; the last matching pattern decides.
/// </summary>
public sealed class GitIgnore
{
    private readonly string _directory;
    private readonly List<(Regex Pattern, bool Negated, bool DirectoryOnly)> _rules = [];

    public GitIgnore(string directory, IEnumerable<string> lines)
    {
        _directory = Path.GetFullPath(directory);
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r');
            if (!line.EndsWith("\\ ", StringComparison.Ordinal))
            {
                line = line.TrimEnd(' ');
            }

            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var negated = line.StartsWith('!');
            if (negated || line.StartsWith("\\!", StringComparison.Ordinal) || line.StartsWith("\\#", StringComparison.Ordinal))
            {
                line = line[1..];
            }

            var directoryOnly = line.EndsWith('/');
            line = line.TrimEnd('/');
            if (line.Length == 0)
            {
                continue;
            }

            var anchored = line.Contains('/');
            _rules.Add((new Regex(ToRegex(line.TrimStart('/'), anchored), RegexOptions.CultureInvariant), negated, directoryOnly));
        }
    }

    /// <summary>Reads <c>.gitignore</c> in <paramref name="directory"/>, or null when there is none.</summary>
    public static GitIgnore? In(string directory)
    {
        var file = Path.Join(directory, ".gitignore");
        return File.Exists(file) ? new GitIgnore(directory, File.ReadAllLines(file)) : null;
    }

    /// <summary>True: ignored; false: taken back by a <c>!</c> pattern; null: no pattern here says anything.</summary>
    public bool? Decides(string fullPath, bool isDirectory)
    {
        var relative = Path.GetRelativePath(_directory, fullPath).Replace('\\', '/');
        if (relative.StartsWith("..", StringComparison.Ordinal))
        {
            return null;
        }

        for (var i = _rules.Count - 1; i >= 0; i--)
        {
            var (pattern, negated, directoryOnly) = _rules[i];
            if ((!directoryOnly || isDirectory) && pattern.IsMatch(relative))
            {
                return !negated;
            }
        }

        return null;
    }

    private static string ToRegex(string pattern, bool anchored)
    {
        var regex = new StringBuilder(anchored ? "^" : "^(?:.*/)?");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var atSegmentStart = i == 0 || pattern[i - 1] == '/';
                var atSegmentEnd = i + 2 == pattern.Length || pattern[i + 2] == '/';
                if (atSegmentStart && atSegmentEnd)
                {
                    // "**/" is any number of folders, a final "/**" everything inside.
                    regex.Append(i + 2 == pattern.Length ? ".*" : "(?:.*/)?");
                    i += i + 2 == pattern.Length ? 1 : 2;
                    continue;
                }
            }

            switch (c)
            {
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[' when pattern.IndexOf(']', i + 1) is var close and > 0:
                    var set = pattern[(i + 1)..close];
                    regex.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = close;
                    break;
                case '\\' when i + 1 < pattern.Length:
                    regex.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return regex.Append("$").ToString();
    }
}
