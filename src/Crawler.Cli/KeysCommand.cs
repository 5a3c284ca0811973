using System.CommandLine;
using Crawler.Contracts;
using Crawler.Contracts.Tenants;

namespace Crawler.Cli;

/// <summary>
/// <c>crawler keys create|list|revoke</c>: a server's API keys, managed with its admin key (<c>--admin-key</c> or
/// <c>$CRAWLER_ADMIN_KEY</c>). Keys live on a server; an embedded cluster has none.
/// </summary>
public static class KeysCommand
{
    private static readonly Option<string?> AdminKey = new("--admin-key")
    {
        Description = "The server's admin key (default: $CRAWLER_ADMIN_KEY)",
        Recursive = true,
        HelpName = "key",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CRAWLER_ADMIN_KEY") is { Length: > 0 } key ? key : null,
    };

    public static Command Create()
    {
        var tenant = new Argument<string>("tenant") { Description = "The tenant the key acts for (lower-case letters, digits, '.', '_', '-')" };
        var name = new Option<string?>("--name") { Description = "What the key is for (ci, team laptop…), shown when keys are listed" };
        var create = new Command("create", "Make a key for a tenant; the key is printed this once") { tenant, name };
        create.SetAction((parse, cancellationToken) => RunAsync(parse, async (api, output) =>
        {
            var (_, issued) = await api.SubmitAsync(
                "/api/admin/keys", new ApiKeyRequest(parse.GetValue(tenant), parse.GetValue(name)), CrawlerJson.Default.ApiKeyRequest, CrawlerJson.Default.IssuedApiKey, cancellationToken);
            await output.WriteLineAsync(issued.Key);
            await parse.InvocationConfiguration.Error.WriteLineAsync($"Key {issued.Info.Id} for tenant {issued.Info.Tenant}: keep it now, it is not shown again.");
        }));

        var list = new Command("list", "Every key of the server: id, tenant, name, when made and revoked (never the key)");
        list.SetAction((parse, cancellationToken) => RunAsync(parse, async (api, output) =>
        {
            foreach (var key in await api.GetAsync("/api/admin/keys", CrawlerJson.Default.IReadOnlyListApiKey, cancellationToken))
            {
                var revoked = key.RevokedAt is { } at ? $"revoked {at:u}" : "active";
                await output.WriteLineAsync($"{key.Id}  {key.Tenant}  {key.Name ?? "-"}  made {key.CreatedAt:u}  {revoked}");
            }
        }));

        var id = new Argument<string>("id") { Description = "The key's id, as list shows it (12 hex digits)" };
        var revoke = new Command("revoke", "Revoke a key: requests with it are refused from then on") { id };
        revoke.SetAction((parse, cancellationToken) => RunAsync(parse, async (api, output) =>
        {
            var key = parse.GetValue(id)!;
            var revoked = await api.DeleteAsync($"/api/admin/keys/{Uri.EscapeDataString(key)}", CrawlerJson.Default.ApiKey, cancellationToken)
                ?? throw new CrawlerCliException($"The server has no key {key}.");
            await output.WriteLineAsync($"{revoked.Id}  {revoked.Tenant}  revoked {revoked.RevokedAt:u}");
        }));

        return new Command("keys", "Manage a server's API keys with its admin key") { AdminKey, create, list, revoke };
    }

    private static async Task<int> RunAsync(ParseResult parse, Func<CrawlerApiClient, TextWriter, Task> work)
    {
        var error = parse.InvocationConfiguration.Error;
        try
        {
            var server = parse.GetValue(CommonOptions.Server)
                ?? throw new CrawlerCliException("Keys live on a server: give --server (or $CRAWLER_SERVER); an embedded cluster has none.");
            var admin = parse.GetValue(AdminKey)
                ?? throw new CrawlerCliException("Give the server's admin key: --admin-key or $CRAWLER_ADMIN_KEY.");
            using var http = new HttpClient { BaseAddress = server };
            http.DefaultRequestHeaders.Add(CrawlerConnection.ApiKeyHeader, admin);
            await work(new CrawlerApiClient(http), parse.InvocationConfiguration.Output);
            return ExitCodes.Ok;
        }
        catch (CrawlerCliException e)
        {
            await error.WriteLineAsync(e.Message);
            return ExitCodes.Error;
        }
    }
}
