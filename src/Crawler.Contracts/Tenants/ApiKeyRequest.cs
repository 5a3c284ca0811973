namespace Crawler.Contracts.Tenants;

/// <summary>A new key asked for by the admin: <c>{"tenant": "team-a", "name": "ci"}</c>.</summary>
public sealed record ApiKeyRequest(string? Tenant, string? Name);

/// <summary>A new key: the key itself is shown this once and kept by no one but its holder.</summary>
public sealed record IssuedApiKey(string Key, ApiKey Info);
