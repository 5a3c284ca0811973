using Crawler.Contracts.Documents;
using Crawler.Documents;
using Crawler.Probing;

namespace Crawler.Api.Documents;

/// <summary>
/// An upload's links resolved: every distinct URL once (the check batch's URLs, in the order first written), and every
/// link with its place and either its URL's index or, for a link within the upload, its outcome there — checked against
/// the upload's files and, with fragments on, its documents' anchors. Nothing touches the disk: the upload is a tree of names.
/// </summary>
public sealed class DocumentPlan
{
    public const int MaxLinks = 500_000;

    // The upload's root, as paths for LinkResolver; never a folder of this machine.
    private static readonly string Root = Path.GetFullPath("/upload");

    private DocumentPlan(List<string> urls, DocumentLinkTable links) => (Urls, Links) = (urls, links);

    public IReadOnlyList<string> Urls { get; }

    public DocumentLinkTable Links { get; }

    public static DocumentPlan For(DocumentUpload upload)
    {
        var resolver = new LinkResolver(new ResolverSettings(Root, upload.BaseUrl));
        var documents = upload.Documents.ToDictionary(d => d.Path, StringComparer.Ordinal);
        var anchors = new Dictionary<string, Anchors>(StringComparer.Ordinal);
        var urls = new List<string>();
        var urlIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var links = new List<LocatedLink>();
        var localTargets = new HashSet<string>(StringComparer.Ordinal);
        var folders = upload.Files.SelectMany(Folders).ToHashSet(StringComparer.Ordinal);
        foreach (var document in upload.Documents)
        {
            foreach (var link in DocumentLinks.Extract(document.Text, document.Kind, document.Path))
            {
                if (links.Count == MaxLinks)
                {
                    throw new BadHttpRequestException($"The upload holds more than {MaxLinks} links.");
                }

                var (line, column) = (link.Location.Line, link.Location.Column);
                var target = resolver.Resolve(link.Reference, Path.Join(Root, document.Path));
                switch (target.Kind)
                {
                    case TargetKind.Remote:
                        if (!urlIndex.TryGetValue(target.Address, out var index))
                        {
                            urlIndex[target.Address] = index = urls.Count;
                            urls.Add(target.Address);
                        }

                        links.Add(new LocatedLink(document.Path, line, column, link.Reference, index, Fragment: upload.IncludeFragments ? target.Fragment : null));
                        break;
                    case TargetKind.Local or TargetKind.ThisDocument:
                        var path = target.Kind == TargetKind.ThisDocument ? document.Path : Path.GetRelativePath(Root, target.Address).Replace('\\', '/');
                        var shown = path + (target.Fragment is { } f ? $"#{f}" : "");
                        localTargets.Add(shown);
                        var (outcome, error) = Check(path, target.Fragment);
                        links.Add(new LocatedLink(document.Path, line, column, link.Reference, -1, shown, outcome, error));
                        break;
                    case TargetKind.Unchecked:
                        links.Add(new LocatedLink(document.Path, line, column, link.Reference, -1, target.Address, ProbeOutcome.Excluded.Name(), target.Reason));
                        break;
                    default:
                        links.Add(new LocatedLink(document.Path, line, column, link.Reference, -1, target.Address, ProbeOutcome.InvalidUrl.Name(), target.Reason));
                        break;
                }
            }
        }

        return new DocumentPlan(urls, new DocumentLinkTable(upload.Documents.Count, localTargets.Count, links));

        (string Outcome, string? Error) Check(string path, string? fragment)
        {
            if (path.StartsWith("..", StringComparison.Ordinal))
            {
                return (ProbeOutcome.MissingFile.Name(), $"{path} is outside the upload");
            }

            var exists = upload.Files.Contains(path) || folders.Contains(path.TrimEnd('/'));
            if (!exists)
            {
                // A JSON upload holds documents only: of other files (images) it cannot tell.
                return upload.Complete || DocumentKinds.Default.Of(path) is not null
                    ? (ProbeOutcome.MissingFile.Name(), $"no such file in the upload: {path}")
                    : (ProbeOutcome.Excluded.Name(), $"{path} is not a document, and only documents were sent (send a tarball to check every file)");
            }

            if (!upload.IncludeFragments || fragment is null || !documents.TryGetValue(path, out var target) || target.Kind == DocumentKind.Text)
            {
                return (ProbeOutcome.Ok.Name(), null);
            }

            if (!anchors.TryGetValue(path, out var known))
            {
                anchors[path] = known = Anchors.Of(target.Text, target.Kind);
            }

            return known.Missing(fragment, path) is { } missing ? (ProbeOutcome.MissingFragment.Name(), missing) : (ProbeOutcome.Ok.Name(), null);
        }
    }

    private static IEnumerable<string> Folders(string file)
    {
        for (var slash = file.LastIndexOf('/'); slash > 0; slash = file.LastIndexOf('/', slash - 1))
        {
            yield return file[..slash];
        }
    }
}
