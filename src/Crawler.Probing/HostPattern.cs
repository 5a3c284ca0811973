namespace Crawler.Probing;

/// <summary>
/// A host name, or <c>*.example.com</c> for every host below example.com (not example.com itself),
/// or <c>*</c> for every host. Compared without regard to case.
/// </summary>
public sealed class HostPattern
{
    private readonly string _text;

    private HostPattern(string text) => _text = text;

    public bool Matches(string host) =>
        _text == "*"
        || (_text.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(_text[1..], StringComparison.OrdinalIgnoreCase) && host.Length > _text.Length - 1
            : host.Equals(_text, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => _text;

    public static bool TryParse(string? text, out HostPattern? pattern)
    {
        var trimmed = text?.Trim().ToLowerInvariant();
        var name = trimmed is not null && trimmed.StartsWith("*.", StringComparison.Ordinal) ? trimmed[2..] : trimmed;
        pattern = trimmed == "*" || (name is { Length: > 0 } && Uri.CheckHostName(name) != UriHostNameType.Unknown)
            ? new HostPattern(trimmed!)
            : null;
        return pattern is not null;
    }
}
