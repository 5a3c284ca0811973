using System.Collections.Concurrent;
using Crawler.Probing;

namespace Crawler.Documents;

/// <summary>How a local link fared: an outcome name (ok, missing_file, missing_fragment) and, when not ok, why.</summary>
public sealed record LocalCheck(string Outcome, string? Error = null)
{
    public static LocalCheck Ok { get; } = new(ProbeOutcome.Ok.Name());
}

/// <summary>
/// Checks links to files on this machine: the file or folder must exist, and with fragments on, a Markdown or HTML
/// target must have the fragment's anchor. Each target's anchors are read once; targets larger than
/// <see cref="MaxAnchorBytes"/> are taken on trust for their fragments.
/// </summary>
/// <param name="display">How a path is named in messages (relative to the current folder, say); by default as it is.</param>
public sealed class LocalLinks(DocumentKinds kinds, bool checkFragments, Func<string, string>? display = null)
{
    public const long MaxAnchorBytes = 16 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, Anchors?> _anchors = new(StringComparer.Ordinal);

    public LocalCheck Check(string path, string? fragment)
    {
        if (Directory.Exists(path))
        {
            return LocalCheck.Ok;
        }

        if (!File.Exists(path))
        {
            return new LocalCheck(ProbeOutcome.MissingFile.Name(), $"no such file: {Shown(path)}");
        }

        if (!checkFragments || fragment is null)
        {
            return LocalCheck.Ok;
        }

        return _anchors.GetOrAdd(path, ReadAnchors)?.Missing(fragment, Shown(path)) is { } missing
            ? new LocalCheck(ProbeOutcome.MissingFragment.Name(), missing)
            : LocalCheck.Ok;
    }

    /// <summary>A fragment of the document the link is in, whose anchors the caller has at hand.</summary>
    public LocalCheck CheckFragment(Anchors anchors, string fragment, string source) =>
        checkFragments && anchors.Missing(fragment, source) is { } missing
            ? new LocalCheck(ProbeOutcome.MissingFragment.Name(), missing)
            : LocalCheck.Ok;

    private string Shown(string path) => display?.Invoke(path) ?? path;

    private Anchors? ReadAnchors(string path)
    {
        if (kinds.Of(path) is not { } kind || kind == DocumentKind.Text || new FileInfo(path).Length > MaxAnchorBytes)
        {
            return null;
        }

        return Anchors.Of(File.ReadAllText(path), kind);
    }
}
