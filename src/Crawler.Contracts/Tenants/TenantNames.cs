using System.Text.RegularExpressions;

namespace Crawler.Contracts.Tenants;

/// <summary>
/// Who a job belongs to. Every key belongs to one tenant and every job to the tenant that submitted it; with keys off,
/// everything belongs to <see cref="Default"/>.
/// </summary>
public static partial class TenantNames
{
    public const string Default = "default";

    /// <summary>Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters.</summary>
    public static bool IsValid(string? name) => name is not null && Name().IsMatch(name);

    /// <summary>The tenant of a job whose record may predate tenants (it then belongs to <see cref="Default"/>).</summary>
    public static string OwnerOf(string? recorded) => string.IsNullOrEmpty(recorded) ? Default : recorded;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex Name();
}
