using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Microsoft.AspNetCore.DataProtection;

namespace Crawler.Grains.Batches;

/// <summary>
/// Keeps a batch's credentials (its headers, its hosts' headers and per-host auth) out of its stored record: the record holds them redacted,
/// and beside it a Data Protection envelope that only the cluster's key ring opens. The envelope is dropped when the
/// batch ends, so nothing of them is kept past the run.
/// </summary>
public sealed class BatchSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Crawler.Batches.Secrets.v1");

    /// <summary>The options as they are stored, and the sealed credentials (null when there are none).</summary>
    public (BatchOptions Stored, string? Sealed) Seal(BatchOptions options)
    {
        if (options.Headers.Count == 0 && options.Auth.Count == 0 && options.Hosts.All(h => h.Headers.Count == 0))
        {
            return (options, null);
        }

        var secrets = new BatchOptions { Headers = options.Headers, Auth = options.Auth, Hosts = options.Hosts };
        return (options.Redact(), _protector.Protect(JsonSerializer.Serialize(secrets, CrawlerJson.Default.BatchOptions)));
    }

    /// <summary>The options as the batch runs with them: the stored ones with the credentials unsealed.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The key ring cannot open the envelope.</exception>
    public BatchOptions Open(BatchOptions stored, string? @sealed)
    {
        if (@sealed is null)
        {
            return stored;
        }

        var secrets = JsonSerializer.Deserialize(_protector.Unprotect(@sealed), CrawlerJson.Default.BatchOptions)!;
        return stored with { Headers = secrets.Headers, Auth = secrets.Auth, Hosts = secrets.Hosts.Count > 0 ? secrets.Hosts : stored.Hosts };
    }
}
