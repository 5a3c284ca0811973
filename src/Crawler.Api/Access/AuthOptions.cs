namespace Crawler.Api.Access;

/// <summary>
/// Who may use the API; bound from the <c>Auth</c> configuration section. Keys are on unless turned off, and then an admin
/// key is required: a server started with no configuration refuses to start rather than serve everyone.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Require a key on every API request. Turn off only where every caller is trusted (a developer's machine).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The key that manages keys (<c>/api/admin/keys</c>); at least 32 characters. Give it as a secret.</summary>
    public string? AdminKey { get; set; }

    /// <summary>How long the API trusts what it looked up about a key; a revoked key is refused at most this late.</summary>
    public int KeyCacheSeconds { get; set; } = 30;

    /// <summary>
    /// Origins besides the API's own that may send state-changing requests from a browser (a page served elsewhere); none
    /// by default.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];
}
