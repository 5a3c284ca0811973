using Crawler.Crawling;

namespace Crawler.Documents;

/// <summary>Where links without a host of their own go, and which URLs are checked somewhere else.</summary>
/// <param name="RootDirectory">What root-relative links (<c>/docs/x.md</c>) start from, on disk (<c>--root-dir</c>).</param>
/// <param name="BaseUrl">What root-relative links start from when there is no root folder, and relative links of a
/// document with no folder (standard input) (<c>--base-url</c>).</param>
public sealed record ResolverSettings(string? RootDirectory = null, Uri? BaseUrl = null, IReadOnlyList<Remap>? Remaps = null);

/// <summary>
/// Resolves a link as written against the document it is in: relative links against the document's folder, root-relative
/// ones against the root folder or the base URL, then the first matching remap. Local paths are percent-decoded and lose
/// their query.
/// </summary>
public sealed class LinkResolver(ResolverSettings settings)
{
    /// <param name="documentPath">The full path of the document, or null for one read from standard input.</param>
    public LinkTarget Resolve(string reference, string? documentPath)
    {
        var (address, fragment) = SplitFragment(reference);
        if (address.Length == 0)
        {
            return new LinkTarget(TargetKind.ThisDocument, "", fragment);
        }

        var scheme = LinkExtractor.SchemeOf(address);
        if (scheme is "http" or "https")
        {
            return Remote(address, fragment, reference);
        }

        if (scheme == "file")
        {
            return Uri.TryCreate(address, UriKind.Absolute, out var file)
                ? new LinkTarget(TargetKind.Local, file.LocalPath, fragment)
                : new LinkTarget(TargetKind.Invalid, reference, Reason: "not a valid file URL");
        }

        if (scheme is not null)
        {
            return new LinkTarget(TargetKind.Unchecked, reference, Reason: $"a {scheme}: link is not checked");
        }

        if (address.StartsWith("//", StringComparison.Ordinal))
        {
            return Remote($"{settings.BaseUrl?.Scheme ?? "https"}:{address}", fragment, reference);
        }

        if (address.StartsWith('/'))
        {
            if (settings.RootDirectory is { } root)
            {
                return Local(Path.Join(root, LocalPart(address)), fragment);
            }

            return settings.BaseUrl is { } baseUrl
                ? Remote(new Uri(baseUrl, address).AbsoluteUri, fragment, reference)
                : new LinkTarget(TargetKind.Invalid, reference, Reason: "a root-relative link needs --root-dir or --base-url");
        }

        if (documentPath is not null)
        {
            return Local(Path.Join(Path.GetDirectoryName(documentPath), LocalPart(address)), fragment);
        }

        return settings.BaseUrl is { } documentBase
            ? Remote(new Uri(documentBase, address).AbsoluteUri, fragment, reference)
            : new LinkTarget(TargetKind.Invalid, reference, Reason: "a relative link in standard input needs --base-url");
    }

    private LinkTarget Remote(string url, string? fragment, string reference)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return new LinkTarget(TargetKind.Invalid, reference, Reason: "not a valid URL");
        }

        var absolute = uri.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.Fragment, UriFormat.UriEscaped);
        foreach (var remap in settings.Remaps ?? [])
        {
            if (remap.Apply(absolute) is not { } remapped)
            {
                continue;
            }

            if (Path.IsPathFullyQualified(remapped))
            {
                return Local(remapped, fragment);
            }

            if (remapped.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(remapped, UriKind.Absolute, out var file))
            {
                return Local(file.LocalPath, fragment);
            }

            return Uri.TryCreate(remapped, UriKind.Absolute, out var moved) && moved.Scheme is "http" or "https"
                ? new LinkTarget(TargetKind.Remote, moved.AbsoluteUri, fragment)
                : new LinkTarget(TargetKind.Invalid, reference, Reason: $"remapped to '{remapped}', which is neither a URL nor an absolute path");
        }

        return new LinkTarget(TargetKind.Remote, absolute, fragment);
    }

    private static LinkTarget Local(string path, string? fragment) => new(TargetKind.Local, Path.GetFullPath(path), fragment);

    private static string LocalPart(string address)
    {
        var query = address.IndexOf('?', StringComparison.Ordinal);
        return Uri.UnescapeDataString(query < 0 ? address : address[..query]).TrimStart('/');
    }

    private static (string Address, string? Fragment) SplitFragment(string reference)
    {
        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? (reference, null) : (reference[..hash], reference[(hash + 1)..]);
    }
}
