using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;

namespace Crawler.Cli.Tests;

/// <summary>
/// <c>crawler check</c> over a docs tree: every link found at its file, line and column, local links checked on disk,
/// each URL checked once by the cluster however often it is written, and every report format parsed back.
/// </summary>
public sealed class DocumentCheckTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>
{
    private string Server => fixture.Server.Address.ToString();

    [Fact]
    public async Task Every_link_of_the_tree_gets_its_outcome_at_its_place_and_each_url_is_checked_once()
    {
        using var tree = new DocsTree(fixture.Url);
        var report = Path.Combine(tree.Root, "..", $"{Path.GetFileName(tree.Root)}.json");
        try
        {
            var run = await CliRun.RunAsync("check", tree.Root, "--root-dir", tree.Root, "--include-fragments", "--retries", "0", "--server", Server, "-f", "json", "-o", report);

            Assert.True(run.ExitCode == ExitCodes.Failures, run.ToString());
            Assert.Contains(": 3 URLs on ", run.Error, StringComparison.Ordinal); // Ok, NotFound (written twice) and ServerError
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken));
            var links = json.RootElement.GetProperty("files").EnumerateArray()
                .SelectMany(file => file.GetProperty("links").EnumerateArray().Select(link => (
                    File: Path.GetRelativePath(tree.Root, file.GetProperty("source").GetString()!).Replace('\\', '/'),
                    Line: link.GetProperty("line").GetInt32(),
                    Column: link.GetProperty("column").GetInt32(),
                    Link: link.GetProperty("link").GetString()!,
                    Outcome: link.GetProperty("result").GetProperty("outcome").GetString()!)))
                .ToList();
            Assert.Equal(tree.Expected.OrderBy(l => l.File, StringComparer.Ordinal).ThenBy(l => l.Line).ThenBy(l => l.Column), links);
            var summary = json.RootElement.GetProperty("summary");
            Assert.Equal((3, 17, 8, 8, 1), (summary.GetProperty("documents").GetInt32(), summary.GetProperty("links").GetInt32(),
                summary.GetProperty("ok").GetInt32(), summary.GetProperty("broken").GetInt32(), summary.GetProperty("skipped").GetInt32()));
        }
        finally
        {
            File.Delete(report);
        }
    }

    [Theory]
    [InlineData("sarif")]
    [InlineData("junit")]
    [InlineData("markdown")]
    [InlineData("github")]
    [InlineData("csv")]
    [InlineData("ndjson")]
    public async Task Every_format_points_at_the_file_line_and_column_of_each_broken_link(string format)
    {
        using var tree = new DocsTree(fixture.Url);
        var broken = tree.Expected.Where(l => l.Outcome is not ("ok" or "excluded")).ToList();

        var run = await CliRun.RunAsync("check", tree.Root, "--root-dir", tree.Root, "--include-fragments", "--retries", "0", "--server", Server, "-f", format);

        Assert.True(run.ExitCode == ExitCodes.Failures, run.ToString());
        var source = (string file) => Path.Combine(tree.Root, file); // the tree is outside the current folder: full paths
        switch (format)
        {
            case "sarif":
                using (var sarif = JsonDocument.Parse(run.Output))
                {
                    var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(r =>
                    {
                        var location = r.GetProperty("locations")[0].GetProperty("physicalLocation");
                        var region = location.GetProperty("region");
                        return (Uri.UnescapeDataString(location.GetProperty("artifactLocation").GetProperty("uri").GetString()!), region.GetProperty("startLine").GetInt32(),
                            region.GetProperty("startColumn").GetInt32(), r.GetProperty("ruleId").GetString()!);
                    }).ToList();
                    Assert.Equal(broken.Select(l => (source(l.File), l.Line, l.Column, l.Outcome)).Order(), results.Where(r => r.Item4 != "excluded").Order());
                }

                break;
            case "junit":
                var suites = XDocument.Parse(run.Output).Root!.Elements("testsuite").ToList();
                Assert.Equal(["README.md", "docs/guide.md", "docs/page.html"], suites.Select(s => Path.GetRelativePath(tree.Root, (string)s.Attribute("name")!).Replace('\\', '/')).Order(StringComparer.Ordinal));
                var failures = suites.SelectMany(s => s.Elements("testcase")).Where(c => c.Element("failure") is not null)
                    .Select(c => ((string)c.Attribute("file")!, (int)c.Attribute("line")!, (string)c.Element("failure")!.Attribute("type")!));
                Assert.Equal(broken.Select(l => (source(l.File), l.Line, l.Outcome)).Order(), failures.Order());
                break;
            case "markdown":
                foreach (var link in broken)
                {
                    var section = run.Output[run.Output.IndexOf($"## {source(link.File).Replace("_", "\\_", StringComparison.Ordinal)}", StringComparison.Ordinal)..];
                    Assert.Contains($"- line {link.Line}, column {link.Column}: `{link.Link}` — **{link.Outcome}**", section, StringComparison.Ordinal);
                }

                break;
            case "github":
                foreach (var link in broken)
                {
                    Assert.Contains(run.OutputLines, l => l.StartsWith($"::error file={source(link.File)},line={link.Line},col={link.Column},title={link.Outcome}%3A ", StringComparison.Ordinal));
                }

                Assert.Equal(broken.Count, run.OutputLines.Count(l => l.StartsWith("::error ", StringComparison.Ordinal)));
                break;
            case "csv":
                var rows = run.OutputLines.Skip(1).Select(r => r.TrimEnd('\r').Split(',')).ToList();
                Assert.Equal(tree.Expected.Count, rows.Count);
                Assert.Equal(broken.Select(l => (source(l.File), l.Line, l.Column, l.Outcome)).Order(),
                    rows.Where(r => r[5] is not ("ok" or "excluded")).Select(r => (r[0], int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture), r[5])).Order());
                break;
            case "ndjson":
                var lines = run.OutputLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
                Assert.Equal(tree.Expected.Count, lines.Count);
                Assert.All(lines, l => Assert.True(l.GetProperty("line").GetInt32() > 0));
                break;
        }
    }

    [Fact]
    public async Task Only_local_links_start_no_cluster_and_text_lists_the_broken_ones_by_file()
    {
        using var tree = new DocsTree(fixture.Url);
        var clock = Stopwatch.StartNew();

        var run = await CliRun.RunAsync("check", tree.Path("docs/page.html"), "--include-fragments");

        Assert.True(run.ExitCode == ExitCodes.Failures, run.ToString());
        Assert.DoesNotContain("checks ", run.Error, StringComparison.Ordinal); // no batch, so no cluster was started
        Assert.Contains($"Broken links in {tree.Path("docs/page.html")}:", run.Output, StringComparison.Ordinal);
        Assert.Contains("  4:36 missing.png missing_file", run.Output, StringComparison.Ordinal);
        Assert.Contains("  5:26 #nothing missing_fragment", run.Output, StringComparison.Ordinal);
        Assert.Contains("4 links in 1 documents, 4 targets (0 URLs checked by the cluster): 2 ok, 2 broken, 0 skipped", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_urls_are_excluded_and_fragments_unchecked_without_the_option()
    {
        using var tree = new DocsTree(fixture.Url);

        var run = await CliRun.RunAsync("check", tree.Path("README.md"), "--offline");

        Assert.True(run.ExitCode == ExitCodes.Failures, run.ToString()); // docs/gone.md is still missing
        Assert.Contains(run.OutputLines, l => l.StartsWith($"[SKIP] {tree.NotFound} excluded: offline", StringComparison.Ordinal));
        Assert.DoesNotContain("missing_fragment", run.Output, StringComparison.Ordinal);
        Assert.Contains("11 links in 1 documents", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_glob_a_remap_and_a_config_file_shape_the_check()
    {
        using var tree = new DocsTree(fixture.Url);
        // The remap sends the broken URL to the good one; the config turns fragments on and adds an exclusion.
        tree.Write("crawler.toml", $"""
            include-fragments = true
            remap = ["{tree.NotFound.Replace(".", "\\\\.", StringComparison.Ordinal)} {tree.Ok}"]
            exclude = ["status/500"]
            retries = 0
            """);

        var run = await CliRun.RunAsync("check", Path.Combine(tree.Root, "**", "*.md"), "--root-dir", tree.Root, "--server", Server, "--config", tree.Path("crawler.toml"));

        Assert.True(run.ExitCode == ExitCodes.Failures, run.ToString());
        Assert.Contains(run.OutputLines, l => l.StartsWith($"[OK] {tree.Ok} (", StringComparison.Ordinal) && l.Contains("(+2 more)", StringComparison.Ordinal));
        Assert.Contains(run.OutputLines, l => l.StartsWith($"[SKIP] {tree.ServerError} excluded", StringComparison.Ordinal));
        Assert.Contains("  4:3 docs/guide.md#nope missing_fragment", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("missing.png", run.Output, StringComparison.Ordinal); // the glob takes Markdown only
        Assert.Contains("13 links in 2 documents", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("max-concurency = 3", "'max-concurency' is not an option of crawler")]
    [InlineData("retries = [", "is not valid TOML")]
    [InlineData("[hosts]\nx = 1", "hosts.x must be a table")]
    [InlineData("[hosts.\"a.test\"]\nspeed = 1", "hosts.a.test.speed is not a host setting")]
    [InlineData("[servers]\nx = 1", "[servers] is not a section crawler reads")]
    public async Task A_bad_config_file_is_named_and_exits_1(string toml, string message)
    {
        using var tree = new DocsTree(fixture.Url);
        tree.Write("crawler.toml", toml);

        var run = await CliRun.RunAsync("check", tree.Path("README.md"), "--offline", "--config", tree.Path("crawler.toml"));

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_current_folders_crawler_toml_and_crawlerignore_are_read()
    {
        using var tree = new DocsTree(fixture.Url);
        tree.Write("crawler.toml", "include-fragments = true\noffline = true\nformat = \"github\"\n");
        tree.Write(".crawlerignore", "# the missing page is known\ngone\\.md$\n");
        var run = await CliRun.RunProcessAsync(tree.Root, "check", "README.md");

        Assert.True(run.ExitCode == ExitCodes.Failures, run.ToString());
        Assert.Contains("::error file=README.md,line=4,col=3,title=missing_fragment%3A docs/guide.md#nope::", run.Output, StringComparison.Ordinal);
        Assert.Contains("::notice file=README.md,line=4,col=40,title=excluded%3A docs/gone.md::", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("missing_file", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Since_an_earlier_report_the_newly_broken_and_the_fixed_are_told_apart()
    {
        using var tree = new DocsTree(fixture.Url);
        var previous = tree.Path("previous.json");
        var first = await CliRun.RunAsync("check", tree.Path("docs/guide.md"), "--retries", "0", "--server", Server, "-f", "json", "-o", previous);
        tree.Write("docs/guide.md", $"# Install\n\n## Usage\n\nNow [good]({tree.Ok}) and [back](../README.md) and [new](missing-now.md).\n");

        var second = await CliRun.RunAsync("check", tree.Path("docs/guide.md"), "--retries", "0", "--server", Server, "--since", previous);

        Assert.True(first.ExitCode == ExitCodes.Failures, first.ToString());
        Assert.True(second.ExitCode == ExitCodes.Failures, second.ToString());
        Assert.Contains("Since the previous report: 1 newly broken, 1 fixed.", second.Output, StringComparison.Ordinal);
        Assert.Contains($"  newly broken: {tree.Path("docs/guide.md")}:5:", second.Output, StringComparison.Ordinal);
        Assert.Contains($"  fixed: {tree.Path("docs/guide.md")} {tree.NotFound}", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cache_file_spares_good_urls_on_the_next_run_and_never_keeps_broken_ones()
    {
        using var tree = new DocsTree(fixture.Url);

        var first = await CliRun.RunProcessAsync(tree.Root, "check", "README.md", "--cache", "--retries", "0", "--server", Server);
        var second = await CliRun.RunProcessAsync(tree.Root, "check", "README.md", "--cache", "--retries", "0", "--server", Server);

        Assert.True(first.ExitCode == ExitCodes.Failures, first.ToString());
        Assert.Contains(": 3 URLs on ", first.Error, StringComparison.Ordinal);
        Assert.Contains(": 2 URLs on ", second.Error, StringComparison.Ordinal); // the good one came from the cache
        Assert.Contains("(2 URLs checked by the cluster, 1 good in the cache)", second.Output, StringComparison.Ordinal);
        Assert.Equal([tree.Ok], File.ReadAllLines(tree.Path(".crawlercache")).Select(l => l.Split('\t')[0]));
    }

    [Fact]
    public async Task Changed_since_a_commit_reads_only_the_documents_changed_since()
    {
        using var tree = new DocsTree(fixture.Url);
        foreach (var git in new[] { "init -q", "add -A", "-c user.email=t@t -c user.name=t commit -q -m tree" })
        {
            Assert.Equal(0, (await CliRun.RunToolAsync(tree.Root, "git", git.Split(' '))).ExitCode);
        }

        tree.Write("docs/guide.md", "# Install\n\n[gone](nowhere.md)\n");
        tree.Write("docs/new.md", "[home](../README.md)\n");

        var run = await CliRun.RunProcessAsync(tree.Root, "check", ".", "--changed-since", "HEAD", "--offline");
        var nothing = await CliRun.RunProcessAsync(tree.Root, "check", "docs/page.html", "--changed-since", "HEAD", "--offline");

        Assert.True(run.ExitCode == ExitCodes.Failures, run.ToString());
        Assert.Contains("2 links in 2 documents", run.Output, StringComparison.Ordinal);
        Assert.Contains("  3:1 nowhere.md missing_file", run.Output, StringComparison.Ordinal);
        Assert.True(nothing.ExitCode == ExitCodes.Ok, nothing.ToString());
        Assert.Contains("No document changed since HEAD", nothing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_urls_fragment_is_checked_against_the_anchors_its_page_answers_with()
    {
        using var tree = new DocsTree(fixture.Url);
        var page = fixture.Url(0, "/assets/");
        tree.Write("fragments.md", $"[id]({page}#assets) [name]({page}#legacy)\n[missing]({page}#nowhere) [plain]({page})\n");

        var checking = await CliRun.RunAsync("check", tree.Path("fragments.md"), "--include-fragments", "--server", Server);
        var trusting = await CliRun.RunAsync("check", tree.Path("fragments.md"), "--server", Server);

        Assert.True(checking.ExitCode == ExitCodes.Failures, checking.ToString());
        Assert.Contains(": 1 URLs on ", checking.Error, StringComparison.Ordinal); // four links, one URL
        Assert.Contains($"  2:1 {page}#nowhere missing_fragment 200: no anchor '#nowhere' in {page}", checking.Output, StringComparison.Ordinal);
        Assert.Contains("4 links in 1 documents, 1 targets (1 URLs checked by the cluster): 3 ok, 1 broken", checking.Output, StringComparison.Ordinal);
        Assert.True(trusting.ExitCode == ExitCodes.Ok, trusting.ToString());
    }

    [Fact]
    public async Task A_hosts_settings_in_crawler_toml_send_its_headers_to_it_alone()
    {
        using var tree = new DocsTree(fixture.Url);
        var (mine, theirs) = (fixture.Url(0, "/require-header/X-Team/blue"), fixture.Url(1, "/require-header/X-Team/blue"));
        tree.Write("headers.md", $"[mine]({mine}) [theirs]({theirs})\n");
        tree.Write("crawler.toml", $$"""
            retries = 0
            [hosts."{{new Uri(mine).Host}}"]
            concurrency = 1
            delay-ms = 10
            headers = { X-Team = "blue" }
            """);

        var run = await CliRun.RunAsync("check", tree.Path("headers.md"), "--server", Server, "--config", tree.Path("crawler.toml"));

        Assert.True(run.ExitCode == ExitCodes.Failures, run.ToString());
        Assert.Contains(run.OutputLines, l => l.StartsWith($"[OK] {mine} (", StringComparison.Ordinal));
        Assert.Contains(run.OutputLines, l => l.StartsWith($"[FAIL] {theirs} ", StringComparison.Ordinal));
    }
}
