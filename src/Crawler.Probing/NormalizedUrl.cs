namespace Crawler.Probing;

/// <summary>
/// A URL ready to be requested: absolute http(s), scheme and host lower-cased, default port and
/// dot segments removed (all done by <see cref="System.Uri"/>), fragment dropped (it never reaches the server).
/// </summary>
public sealed record NormalizedUrl
{
    /// <summary>The longest URL checked (8 KiB, what common servers accept in a request line): a longer one is invalid.</summary>
    public const int MaxLength = 8 * 1024;

    private NormalizedUrl(Uri uri) => Uri = uri;

    public Uri Uri { get; }

    /// <summary>The politeness key: requests to one host name share one queue, whatever the port or scheme.</summary>
    public string Host => Uri.IdnHost;

    public override string ToString() => Uri.AbsoluteUri;

    public static bool TryParse(string? raw, out NormalizedUrl? url, out string? error)
    {
        url = null;
        error = Validate(raw?.Trim(), out var parsed);
        if (error is not null)
        {
            return false;
        }

        url = From(parsed!);
        return true;
    }

    private static string? Validate(string? text, out Uri? parsed)
    {
        parsed = null;
        if (string.IsNullOrEmpty(text))
        {
            return "empty URL";
        }

        if (text.Length > MaxLength)
        {
            return $"longer than {MaxLength} characters ({text.Length})";
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out parsed))
        {
            return "not an absolute URL";
        }

        if (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
        {
            return $"unsupported scheme '{parsed.Scheme}'";
        }

        return string.IsNullOrEmpty(parsed.Host) ? "no host" : null;
    }

    /// <summary>Normalizes an absolute http(s) URI already known to be valid, such as a redirect target.</summary>
    public static NormalizedUrl From(Uri absolute)
    {
        if (string.IsNullOrEmpty(absolute.Fragment) && absolute.Host == absolute.IdnHost)
        {
            return new NormalizedUrl(absolute);
        }

        // One spelling per host: international names in their ASCII (punycode) form.
        return new NormalizedUrl(new UriBuilder(absolute) { Fragment = string.Empty, Host = absolute.IdnHost }.Uri);
    }
}
