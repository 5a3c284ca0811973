using System.Security.Cryptography;
using System.Text.Json;
using Crawler.Contracts;
using Crawler.SyntheticWeb;

namespace Crawler.Cli.Tests;

/// <summary><c>crawler crawl</c>, <c>images</c>, <c>primes</c> and <c>isprime</c>, checked against what is known to be right.</summary>
public sealed class JobCommandTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>
{
    private string Server => fixture.Server.Address.ToString();

    private SiteMap Site => fixture.Web.Site;

    [Fact]
    public async Task Embedded_a_crawl_finds_exactly_the_pages_within_its_depth()
    {
        var truth = Site.Crawl(Site.Seed, new SiteCrawlRules { MaxDepth = 2 });

        var run = await CliRun.RunAsync(["crawl", Site.Seed.ToString(), "--max-depth", "2", "--retries", "0", "--max-pages", "10000", "--scope", "hosts", "--hosts", .. Site.Hosts.Select(h => h.Host), "--resources", "false", "-f", "ndjson"]);

        var results = run.OutputLines.Select(l => JsonSerializer.Deserialize(l, CrawlerJson.Default.UrlResult)!).ToList();
        Assert.Equal(truth.Pages.Keys.Order(), results.Where(r => r.Outcome == "ok").Select(r => r.FinalUrl!).Distinct().Order());
        Assert.All(results.Where(r => r.Page is not null), r => Assert.InRange(r.Page!.Depth, 0, 2));
        Assert.Equal(truth.Missing.Count > 0 ? ExitCodes.Failures : ExitCodes.Ok, run.ExitCode);
    }

    [Fact]
    public async Task Embedded_images_of_a_list_are_kept_once_each_by_hash_with_a_manifest()
    {
        var ids = Enumerable.Range(0, Site.ImageCount).ToList();
        var list = Path.GetTempFileName();
        await File.WriteAllLinesAsync(list, ids.SelectMany(id => new[] { Site.Image(0, id), Site.Alias(1, 1, id) }).Select(u => u.ToString()), TestContext.Current.CancellationToken);
        var folder = Directory.CreateTempSubdirectory("crawler-cli-images-");
        var manifest = Path.Combine(folder.FullName, "manifest.csv");
        try
        {
            var run = await CliRun.RunAsync("images", list, "--directory", Path.Combine(folder.FullName, "files"), "--manifest", manifest);

            Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
            var files = Directory.GetFiles(Path.Combine(folder.FullName, "files"), "*", SearchOption.AllDirectories).Where(f => !f.Contains(".partial", StringComparison.Ordinal)).ToList();
            Assert.Equal(Site.ImageCount, files.Count); // two URLs an image, one file
            Assert.All(files, f => Assert.Equal(Path.GetFileNameWithoutExtension(f), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))));
            Assert.Equal(ids.Select(id => Site.Images[id].Sha256).Order(), files.Select(Path.GetFileNameWithoutExtension).Order());
            var rows = await File.ReadAllLinesAsync(manifest, TestContext.Current.CancellationToken);
            Assert.Equal(1 + (2 * Site.ImageCount), rows.Length);
        }
        finally
        {
            File.Delete(list);
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_remote_server_keeps_files_itself_so_a_directory_is_refused()
    {
        var run = await CliRun.RunAsync("images", Site.Seed.ToString(), "--server", Server, "--directory", "somewhere");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains("--directory is for the embedded cluster", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remote_images_of_a_page_are_downloaded_from_the_crawl_of_the_seed()
    {
        var run = await CliRun.RunAsync("images", Site.Seed.ToString(), "--server", Server, "-f", "ndjson");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var results = run.OutputLines.Select(l => JsonSerializer.Deserialize(l, CrawlerJson.Default.UrlResult)!).ToList();
        var seed = Assert.Single(results, r => r.Page is not null);
        Assert.Equal(seed.Page!.Images.Order(), results.Where(r => r.Download is not null).Select(r => r.Url).Order());
    }

    [Fact]
    public async Task Primes_counts_a_range_over_partitions_and_prints_its_summary()
    {
        var run = await CliRun.RunAsync("primes", "0", "1e7", "--server", Server, "--partitions", "4");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal(4, run.OutputLines.Count(l => l.StartsWith("[PART] [", StringComparison.Ordinal)));
        Assert.Contains("664579 primes in [0, 10000000); 58980 twin pairs; first 2, last 9999991", run.Output, StringComparison.Ordinal);
        Assert.Contains("Concurrency: max ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Primes_lists_a_small_range_in_order()
    {
        var run = await CliRun.RunAsync("primes", "10^2", "150", "--list", "--server", Server);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal(["101", "103", "107", "109", "113", "127", "131", "137", "139", "149"], run.OutputLines.TakeWhile(l => l.All(char.IsDigit)));
    }

    [Fact]
    public async Task Isprime_answers_in_the_order_given_and_json_holds_the_job_and_its_lines()
    {
        var text = await CliRun.RunAsync("isprime", "97", "1_000_000_007", "21", "--server", Server);
        var json = await CliRun.RunAsync("isprime", "4", "5", "--server", Server, "-f", "json");

        Assert.True(text.ExitCode == ExitCodes.Ok, text.ToString());
        Assert.Equal(["[PRIME] 97", "[PRIME] 1000000007", "[NOT PRIME] 21"], text.OutputLines);
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal("completed", document.RootElement.GetProperty("job").GetProperty("state").GetString());
        Assert.Equal([false, true], document.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("prime").GetBoolean()));
    }

    [Theory]
    [InlineData("primes 10 5", "Invalid prime job")]
    [InlineData("primes 0 1e30", "'1e30' is not a whole number")]
    [InlineData("isprime 7 -f csv", "A prime job is written as text, ndjson or json, not csv.")]
    public async Task Bad_prime_jobs_are_refused_with_a_reason(string args, string message)
    {
        var run = await CliRun.RunAsync([.. args.Split(' '), "--server", Server]);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }
}
