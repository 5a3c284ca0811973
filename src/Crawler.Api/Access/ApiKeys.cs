using System.Security.Cryptography;
using System.Text;

namespace Crawler.Api.Access;

/// <summary>
/// API keys: 256 random bits, written <c>crk_</c> and base64url; kept only as their SHA-256 (a key that random needs no
/// slow hash), and read from <c>X-Api-Key</c> or <c>Authorization: Bearer</c>.
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
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7 ? authorization[7..].Trim() : null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
