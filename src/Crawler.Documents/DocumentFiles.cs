using Microsoft.Extensions.FileSystemGlobbing;

namespace Crawler.Documents;

/// <param name="Hidden">Also files and folders whose names start with a dot (<c>--hidden</c>).</param>
/// <param name="NoIgnore">Also what <c>.gitignore</c> files leave out (<c>--no-ignore</c>).</param>
/// <param name="Kinds">Which extensions are documents.</param>
public sealed record DiscoveryOptions(bool Hidden = false, bool NoIgnore = false, DocumentKinds? Kinds = null);

/// <summary>
/// The documents under a folder or matching a glob, in a stable order. A folder is walked as git sees it: its
/// <c>.gitignore</c> files (and those of the folders above it, up to the repository's root) are honoured, <c>.git</c> is
/// never entered, and hidden files are left out unless asked for. Only files of a known <see cref="DocumentKind"/> are taken.
/// </summary>
public static class DocumentFiles
{
    public static bool IsGlob(string argument) => argument.AsSpan().IndexOfAny("*?[") >= 0;

    public static IEnumerable<string> InDirectory(string directory, DiscoveryOptions options)
    {
        var root = Path.GetFullPath(directory);
        var kinds = options.Kinds ?? DocumentKinds.Default;
        var ignores = options.NoIgnore ? [] : IgnoresAbove(root);
        return Walk(root, ignores, options, kinds);
    }

    /// <summary>The documents matching <paramref name="glob"/> (<c>docs/**/*.md</c>), relative to the current folder unless rooted.</summary>
    public static IEnumerable<string> Matching(string glob, DiscoveryOptions options)
    {
        var kinds = options.Kinds ?? DocumentKinds.Default;
        var segments = glob.Replace('\\', '/').Split('/');
        var fixedCount = segments.TakeWhile(segment => !IsGlob(segment)).Count();
        var baseDirectory = Path.GetFullPath(fixedCount == 0 ? "." : string.Join('/', segments.Take(fixedCount)) is { Length: > 0 } prefix ? prefix : "/");
        if (!Directory.Exists(baseDirectory))
        {
            return [];
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(string.Join('/', segments.Skip(fixedCount)));
        var ignores = new IgnoresBelow(baseDirectory);
        return matcher.GetResultsInFullPath(baseDirectory)
            .Where(path => kinds.Of(path) is not null && (options.Hidden || !IsHiddenBelow(baseDirectory, path)) && (options.NoIgnore || !ignores.Ignore(path)))
            .Order(StringComparer.Ordinal);
    }

    /// <summary>Whether git would leave out a path found below a folder by a glob: its folders and itself, each against the .gitignore files above it.</summary>
    private sealed class IgnoresBelow(string baseDirectory)
    {
        private readonly List<GitIgnore> _above = IgnoresAbove(baseDirectory);
        private readonly Dictionary<string, GitIgnore?> _own = new(StringComparer.Ordinal);

        public bool Ignore(string path)
        {
            var ignores = new List<GitIgnore>(_above);
            var directory = baseDirectory;
            foreach (var segment in Path.GetRelativePath(baseDirectory, path).Split(Path.DirectorySeparatorChar))
            {
                if (Own(directory) is { } own)
                {
                    ignores.Add(own);
                }

                var child = Path.Join(directory, segment);
                var isDirectory = child != path;
                if (ignores.Select(ignore => ignore.Decides(child, isDirectory)).LastOrDefault(decision => decision is not null) == true)
                {
                    return true;
                }

                directory = child;
            }

            return false;
        }

        private GitIgnore? Own(string directory)
        {
            if (!_own.TryGetValue(directory, out var ignore))
            {
                _own[directory] = ignore = GitIgnore.In(directory);
            }

            return ignore;
        }
    }

    private static IEnumerable<string> Walk(string directory, List<GitIgnore> ignores, DiscoveryOptions options, DocumentKinds kinds)
    {
        var own = options.NoIgnore ? null : GitIgnore.In(directory);
        if (own is not null)
        {
            ignores = [.. ignores, own];
        }

        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            if (kinds.Of(file) is not null && Visible(file, isDirectory: false))
            {
                yield return file;
            }
        }

        foreach (var folder in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(folder) != ".git" && Visible(folder, isDirectory: true))
            {
                foreach (var file in Walk(folder, ignores, options, kinds))
                {
                    yield return file;
                }
            }
        }

        bool Visible(string path, bool isDirectory) =>
            (options.Hidden || !Path.GetFileName(path).StartsWith('.'))
            && !ignores.Select(ignore => ignore.Decides(path, isDirectory)).LastOrDefault(decision => decision is not null).GetValueOrDefault();
    }

    /// <summary>The .gitignore files of the folders from the repository's root down to the parent of <paramref name="directory"/>.</summary>
    private static List<GitIgnore> IgnoresAbove(string directory)
    {
        if (Directory.Exists(Path.Join(directory, ".git")))
        {
            return [];
        }

        var above = new List<string>();
        for (var parent = Path.GetDirectoryName(directory); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            above.Add(parent);
            if (Directory.Exists(Path.Join(parent, ".git")))
            {
                above.Reverse();
                return [.. above.Select(GitIgnore.In).OfType<GitIgnore>()];
            }
        }

        return []; // not in a repository: only the folder's own .gitignore files count
    }

    private static bool IsHiddenBelow(string baseDirectory, string path) =>
        Path.GetRelativePath(baseDirectory, path).Split(Path.DirectorySeparatorChar).Any(segment => segment.StartsWith('.'));
}
