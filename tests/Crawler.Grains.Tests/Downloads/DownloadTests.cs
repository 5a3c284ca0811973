using System.Security.Cryptography;
using Crawler.Contracts.Batches;
using Crawler.SyntheticWeb;

using Crawler.Testing;

namespace Crawler.Grains.Tests.Downloads;

/// <summary>
/// Download batches on a three-silo cluster against the synthetic site's images: kept once per content, named by
/// their SHA-256, typed by their bytes, refused when too large, resumed when cut.
/// </summary>
public sealed class DownloadTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private SyntheticWebServer _web = null!;

    private SiteMap Site => _web.Site;

    public async ValueTask InitializeAsync() =>
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions
        {
            Addresses = SyntheticWebOptions.LoopbackHosts(4, skip: 110),
            SiteImages = 8,
            SiteHugeImageBytes = 4L << 20,
        });

    public async ValueTask DisposeAsync() => await _web.DisposeAsync();

    private static BatchOptions Download(long maxBytes = 1 << 20) => new() { MaxDownloadBytes = maxBytes, Retries = 1 };

    [Fact]
    public async Task The_same_image_under_many_urls_is_stored_once_and_every_file_is_its_hash()
    {
        var urls = Enumerable.Range(0, Site.ImageCount)
            .SelectMany(id => new[] { Site.Image(0, id), Site.Alias(1, 1, id), Site.Alias(2, 2, id) })
            .Select(u => u.ToString())
            .ToList();

        var results = await TestBatches.RunAsync(fixture.Grains, urls, Download(), kind: BatchKind.Download);

        Assert.All(results, r => Assert.True(r.Outcome == "ok" && r.Download is not null, $"{r.Url}: {r.Outcome} {r.Error}"));
        foreach (var group in results.GroupBy(r => r.Index / 3))
        {
            var expected = Site.ImageAt(new Uri(urls[group.Key * 3]))!;
            Assert.All(group, r => Assert.Equal((expected.Sha256, expected.Length), (r.Download!.Sha256, r.Download.Bytes)));
            Assert.Equal(2, group.Count(r => r.Download!.AlreadyStored)); // three URLs, one file
        }

        var files = Directory.EnumerateFiles(fixture.Downloads.FullName, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains(".partial", StringComparison.Ordinal))
            .ToList();
        var stored = results.Select(r => r.Download!.Sha256).Distinct().ToList();
        Assert.All(stored, sha => Assert.Single(files, f => Path.GetFileNameWithoutExtension(f) == sha));
        Assert.All(files.Where(f => stored.Contains(Path.GetFileNameWithoutExtension(f))), f =>
            Assert.Equal(Path.GetFileNameWithoutExtension(f), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))));
    }

    [Fact]
    public async Task A_lying_content_type_is_told_from_the_bytes()
    {
        var result = (await TestBatches.RunAsync(fixture.Grains, [Site.Liar(0).ToString()], Download(), kind: BatchKind.Download)).Single();

        Assert.Equal("ok", result.Outcome);
        Assert.Equal(("image/jpeg", "image/png"), (result.Download!.Type, result.Download.DeclaredType));
        Assert.EndsWith(".jpg", fixture.Downloads.GetFiles(result.Download.Sha256 + ".*", SearchOption.AllDirectories).Single().Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_over_the_limit_is_rejected_and_nothing_of_it_is_kept()
    {
        var result = (await TestBatches.RunAsync(fixture.Grains, [Site.Huge(3).ToString()], Download(maxBytes: 1 << 20), kind: BatchKind.Download)).Single();

        Assert.Equal("rejected", result.Outcome);
        Assert.Null(result.Download);
        Assert.Contains("1048576", result.Error, StringComparison.Ordinal);
        Assert.Empty(fixture.Downloads.GetFiles(Site.HugeImage.Sha256 + ".*", SearchOption.AllDirectories));
        Assert.Equal(1, result.Attempts); // refused is final: no retry
    }

    [Fact]
    public async Task A_download_cut_half_way_is_resumed_from_where_it_stopped()
    {
        var result = (await TestBatches.RunAsync(fixture.Grains, [Site.Cut(2).ToString()], Download(), kind: BatchKind.Download)).Single();

        Assert.True(result.Outcome == "ok", $"{result.Outcome}: {result.Error}");
        Assert.Equal(2, result.Attempts);
        Assert.Equal((Site.CutImage.Sha256, Site.CutImage.Length), (result.Download!.Sha256, result.Download.Bytes));
        Assert.True(result.Download.Resumed, "the second attempt asked for everything again");
        Assert.Equal(2, _web.Stats(2).RequestsTo("/site/img/cut.jpg"));
    }
}
