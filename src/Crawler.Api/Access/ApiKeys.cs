using System.Security.Cryptography;
using System.Text;

namespace Crawler.Api.Access;

/// <summary>
/// API keys: 256 random bits, written <c>crk_</c> and base64url; kept only as their SHA-256 (a key that random needs no
/// slow hash), and read from <c>X-Api-Key</c>, <c>Authorization: Bearer</c>, or as the password of <c>Authorization: Basic</c>
/// (what a browser sends when it asks for one: the Orleans dashboard's pages).
/// </summary>
public static class ApiKeys
{
    public const string Header = "X-Api-Key";
    private const string Prefix = "crk_";

    public static string New() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The key's SHA-256 in lower-case hex: how the cluster knows it.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Compares a presented key with a configured one in time that does not depend on where they differ.</summary>
    public static bool Same(string presented, string configured) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));

    /// <summary>The key a request carries, or null.</summary>
    public static string? Of(HttpRequest request)
    {
        if (request.Headers[Header] is [{ Length: > 0 } key])
        {
            return key.Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7)
        {
            return authorization[7..].Trim();
        }

        return authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) && BasicPassword(authorization[6..].Trim()) is { Length: > 0 } password
            ? password
            : null;
    }

    private static string? BasicPassword(string encoded)
    {
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            return pair.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0 ? pair[(colon + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
