using Crawler.Probing.Targets;
using Crawler.SyntheticWeb;

namespace Crawler.Cli.Tests;

/// <summary><c>crawler keys</c> and <c>--api-key</c> against a server with keys on.</summary>
public sealed class KeysCommandTests : IAsyncLifetime
{
    private const string AdminKey = "cli-admin-key-0123456789abcdef0123456789";

    private EmbeddedCluster _server = null!;
    private SyntheticWebServer _web = null!;

    private string Server => _server.Address.ToString();

    public async ValueTask InitializeAsync()
    {
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(1, skip: 210) }, TestContext.Current.CancellationToken);
        _server = await EmbeddedCluster.StartAsync(
            null, verbose: false, AddressGuardOptions.Local(), TestContext.Current.CancellationToken,
            new Dictionary<string, string?> { ["Auth:Enabled"] = "true", ["Auth:AdminKey"] = AdminKey });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _web.DisposeAsync();
    }

    [Fact]
    public async Task A_key_made_with_the_admin_key_checks_links_until_it_is_revoked()
    {
        var url = _web.Url(0, "/ok").ToString();

        var created = await CliRun.RunAsync("keys", "create", "team-x", "--name", "ci", "--server", Server, "--admin-key", AdminKey);
        var key = created.OutputLines.Single();
        var withKey = await CliRun.RunAsync("check", url, "--server", Server, "--api-key", key);
        var withoutKey = await CliRun.RunAsync("check", url, "--server", Server);
        var listed = await CliRun.RunAsync("keys", "list", "--server", Server, "--admin-key", AdminKey);
        var id = listed.OutputLines.Single(l => l.Contains(" team-x ", StringComparison.Ordinal)).Split(' ')[0];
        var revoked = await CliRun.RunAsync("keys", "revoke", id, "--server", Server, "--admin-key", AdminKey);
        var afterwards = await CliRun.RunAsync("check", url, "--server", Server, "--api-key", key);

        Assert.True(created.ExitCode == ExitCodes.Ok, created.ToString());
        Assert.StartsWith("crk_", key, StringComparison.Ordinal);
        Assert.Contains("keep it now", created.Error, StringComparison.Ordinal);
        Assert.True(withKey.ExitCode == ExitCodes.Ok, withKey.ToString());
        Assert.True(withoutKey.ExitCode == ExitCodes.Error, withoutKey.ToString());
        Assert.Contains("API key required", withoutKey.Error, StringComparison.Ordinal);
        Assert.Contains(" ci ", listed.OutputLines.Single(l => l.StartsWith(id, StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain(key, listed.Output, StringComparison.Ordinal);
        Assert.True(revoked.ExitCode == ExitCodes.Ok, revoked.ToString());
        Assert.True(afterwards.ExitCode == ExitCodes.Error, afterwards.ToString());
        Assert.Contains("unknown or revoked", afterwards.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--server", "Give the server's admin key")]
    [InlineData("", "Keys live on a server")]
    [InlineData("--wrong-admin", "API key required")]
    public async Task Keys_need_a_server_and_its_admin_key(string given, string said)
    {
        string[] args = given switch
        {
            "--server" => ["keys", "list", "--server", Server],
            "--wrong-admin" => ["keys", "revoke", "0123456789ab", "--server", Server, "--admin-key", "not-the-admin-key"],
            _ => ["keys", "list", "--admin-key", AdminKey],
        };

        var run = await CliRun.RunAsync(args);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains(said, run.Error, StringComparison.Ordinal);
    }
}
