using System.Text.Json;
using System.Xml.Linq;
using Crawler.Contracts;

namespace Crawler.Cli.Tests;

/// <summary><c>crawler check</c>, embedded and against a running server: lines, exit codes, every format, bad input.</summary>
public sealed class CheckCommandTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>
{
    private string Server => fixture.Server.Address.ToString();

    [Fact]
    public async Task Embedded_a_broken_link_gives_a_fail_line_and_exit_code_2()
    {
        var run = await CliRun.RunAsync("check", fixture.Url(0, "/ok"), fixture.Url(1, "/status/404"), "mailto:someone@example.com", "--retries", "0");

        Assert.True(run.ExitCode == ExitCodes.Failures, run.ToString());
        Assert.Contains(run.OutputLines, l => l.StartsWith($"[OK] {fixture.Url(0, "/ok")} (", StringComparison.Ordinal) && l.EndsWith("s)", StringComparison.Ordinal));
        Assert.Contains(run.OutputLines, l => l.StartsWith($"[FAIL] {fixture.Url(1, "/status/404")} 404", StringComparison.Ordinal));
        Assert.Contains(run.OutputLines, l => l.StartsWith("[FAIL] mailto:someone@example.com invalid_url", StringComparison.Ordinal));
        Assert.Contains(run.OutputLines, l => l.StartsWith("3 results: 1 ok, 2 failed", StringComparison.Ordinal));
        Assert.Contains(run.OutputLines, l => l.StartsWith("Concurrency: max ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Remote_good_links_from_a_file_exit_0()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file, ["# links of the docs", fixture.Url(0, "/ok"), "", fixture.Url(1, "/redirect/2"), fixture.Url(2, "/ok")], TestContext.Current.CancellationToken);
        try
        {
            var run = await CliRun.RunAsync("check", file, "--server", Server);

            Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
            Assert.Equal(3, run.OutputLines.Count(l => l.StartsWith("[OK] ", StringComparison.Ordinal)));
            Assert.Contains($"on {Server}", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("ndjson")]
    [InlineData("json")]
    [InlineData("csv")]
    [InlineData("markdown")]
    [InlineData("junit")]
    [InlineData("sarif")]
    public async Task Every_format_is_written_whole_to_the_output_file(string format)
    {
        string[] urls = [fixture.Url(0, "/ok"), fixture.Url(1, "/status/500"), fixture.Url(2, "/ok?x=1")];
        var folder = Directory.CreateTempSubdirectory("crawler-cli-output-");
        var path = Path.Combine(folder.FullName, $"report.{format}");
        try
        {
            var run = await CliRun.RunAsync(["check", .. urls, "--retries", "0", "--server", Server, "--format", format, "--output", path]);

            Assert.True(run.ExitCode == ExitCodes.Failures, run.ToString());
            Assert.Equal([Path.GetFileName(path)], folder.GetFiles().Select(f => f.Name)); // no partial file left beside it
            Assert.Equal("", run.Output);
            var text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
            switch (format)
            {
                case "ndjson":
                    var results = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize(l, CrawlerJson.Default.UrlResult)!).ToList();
                    Assert.Equal(urls.Order(), results.Select(r => r.Url).Order());
                    Assert.Equal(500, results.Single(r => r.Url == urls[1]).Status);
                    break;
                case "json":
                    using (var json = JsonDocument.Parse(text))
                    {
                        Assert.Equal(3, json.RootElement.GetProperty("results").GetArrayLength());
                    }

                    break;
                case "csv":
                    var rows = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                    Assert.StartsWith("index,url,outcome,status", rows[0], StringComparison.Ordinal);
                    Assert.Equal(4, rows.Length);
                    break;
                case "markdown":
                    Assert.Contains(urls[1], text, StringComparison.Ordinal);
                    Assert.DoesNotContain(urls[0] + " ", text, StringComparison.Ordinal);
                    break;
                case "junit":
                    Assert.Equal(3, XDocument.Parse(text).Descendants("testcase").Count());
                    Assert.Single(XDocument.Parse(text).Descendants("failure"));
                    break;
                case "sarif":
                    using (var sarif = JsonDocument.Parse(text))
                    {
                        Assert.Equal(1, sarif.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength());
                    }

                    break;
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Ndjson_goes_to_standard_output_a_line_a_result_and_notes_to_standard_error()
    {
        var run = await CliRun.RunAsync("check", fixture.Url(0, "/ok"), fixture.Url(1, "/ok"), "--server", Server, "-f", "ndjson");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var results = run.OutputLines.Select(l => JsonSerializer.Deserialize(l, CrawlerJson.Default.UrlResult)!).ToList();
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal("ok", r.Outcome));
        Assert.Contains("2 results: 2 ok", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_reach_the_server_whether_sent_as_a_query_or_in_json()
    {
        var url = fixture.Url(0, "/require-header/X-Token/abc");

        // Without headers the list goes as text/plain with options in the query; with them, as JSON.
        var excluded = await CliRun.RunAsync("check", fixture.Url(1, "/ok?keep"), fixture.Url(1, "/ok?skip"), "--exclude", "skip", "--retries", "0", "--server", Server);
        var without = await CliRun.RunAsync("check", url, "--retries", "0", "--server", Server);
        var with = await CliRun.RunAsync("check", url, "-H", "X-Token: abc", "--retries", "0", "--server", Server);

        Assert.True(excluded.ExitCode == ExitCodes.Ok, excluded.ToString());
        Assert.Contains(excluded.OutputLines, l => l.StartsWith($"[SKIP] {fixture.Url(1, "/ok?skip")} excluded", StringComparison.Ordinal));
        Assert.Contains(excluded.OutputLines, l => l.StartsWith($"[OK] {fixture.Url(1, "/ok?keep")}", StringComparison.Ordinal));
        Assert.True(without.ExitCode == ExitCodes.Failures, without.ToString());
        Assert.True(with.ExitCode == ExitCodes.Ok, with.ToString());
    }

    [Fact]
    public async Task Invalid_options_get_the_servers_message_and_exit_code_1()
    {
        var run = await CliRun.RunAsync("check", fixture.Url(0, "/ok"), "--timeout-ms", "5", "--server", Server);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("timeoutMs: must be between 100 and 600000", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-file.txt", "'no-such-file.txt' is neither a URL, a file, a folder nor a glob that matches anything.")]
    [InlineData("--server=ftp://x", "--server must be an http or https URL")]
    [InlineData("--header=NoColon", "'NoColon' is not a header")]
    [InlineData("--block-loopback", "a server guards its addresses itself")]
    public async Task Bad_arguments_are_named_and_exit_1(string argument, string message)
    {
        string[] args = argument.StartsWith('-')
            ? ["check", fixture.Url(0, "/ok"), argument, .. argument.StartsWith("--block", StringComparison.Ordinal) ? ["--server", Server] : Array.Empty<string>()]
            : ["check", argument, "--server", Server];

        var run = await CliRun.RunAsync(args);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embedded_the_user_s_own_machine_is_checked_unless_blocked()
    {
        var open = await CliRun.RunAsync("check", fixture.Url(0, "/ok"));
        var blocked = await CliRun.RunAsync("check", fixture.Url(0, "/ok"), "--block-loopback");

        Assert.True(open.ExitCode == ExitCodes.Ok, open.ToString());
        Assert.True(blocked.ExitCode == ExitCodes.Ok, blocked.ToString());
        Assert.Contains(blocked.OutputLines, l => l.StartsWith($"[SKIP] {fixture.Url(0, "/ok")} blocked", StringComparison.Ordinal) && l.Contains("loopback", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_named()
    {
        var run = await CliRun.RunAsync("check", fixture.Url(0, "/ok"), "--server", "http://127.0.0.1:9/");

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("Cannot reach the Crawler API at http://127.0.0.1:9/", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_file_that_cannot_be_written_fails_before_any_job_starts()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-folder-{Guid.NewGuid():N}", "report.csv");

        var run = await CliRun.RunAsync("check", fixture.Url(0, "/ok"), "--server", Server, "-f", "csv", "-o", path);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains($"Cannot write {path}", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("checks ", run.Error, StringComparison.Ordinal);
    }
}
