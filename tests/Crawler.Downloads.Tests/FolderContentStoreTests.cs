using System.Security.Cryptography;

namespace Crawler.Downloads.Tests;

public sealed class FolderContentStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "crawler-store-" + Guid.NewGuid().ToString("N"));
    private readonly FolderContentStore _store;

    public FolderContentStoreTests() => _store = new FolderContentStore(_root, flushToDisk: false);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private string[] AllFiles() => Directory.Exists(_root) ? Directory.GetFiles(_root, "*", SearchOption.AllDirectories) : [];

    private static CutStream CutAfter(byte[] bytes) => new(bytes);

    [Fact]
    public async Task Content_is_stored_under_its_hash_with_the_extension_of_its_bytes()
    {
        var bytes = SampleImages.PngOfSize(300_000);
        var stored = await _store.StoreAsync(new MemoryStream(bytes), maxBytes: 1_000_000, cancellationToken: Token);

        Assert.Equal(Sha(bytes), stored.Sha256);
        Assert.Equal(bytes.Length, stored.Size);
        Assert.Equal(ImageType.Png, stored.ImageType);
        Assert.False(stored.AlreadyStored);
        Assert.Equal(Path.Combine(_root, stored.Sha256[..2], stored.Sha256 + ".png"), stored.Path);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(stored.Path, Token));
        Assert.True(_store.Exists(stored.Sha256));
        Assert.Equal(stored.Path, _store.PathOf(stored.Sha256.ToUpperInvariant()));
        Assert.Equal([stored.Path], AllFiles());
    }

    [Fact]
    public async Task The_same_bytes_twice_are_one_file()
    {
        var bytes = SampleImages.PngOfSize(10_000);
        var first = await _store.StoreAsync(new MemoryStream(bytes), 1_000_000, cancellationToken: Token);
        var second = await _store.StoreAsync(new MemoryStream(bytes), 1_000_000, cancellationToken: Token);

        Assert.False(first.AlreadyStored);
        Assert.True(second.AlreadyStored);
        Assert.Equal(first with { AlreadyStored = true }, second);
        Assert.Single(AllFiles());
    }

    [Fact]
    public async Task The_type_comes_from_the_bytes_not_from_what_the_url_claims()
    {
        var pngCalledJpg = await _store.StoreAsync(new MemoryStream(SampleImages.Png), 1000, cancellationToken: Token);
        var htmlCalledPng = await _store.StoreAsync(new MemoryStream(SampleImages.Html), 1000, cancellationToken: Token);

        Assert.EndsWith(".png", pngCalledJpg.Path, StringComparison.Ordinal);
        Assert.Null(htmlCalledPng.ImageType);
        Assert.EndsWith(".bin", htmlCalledPng.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Content_over_the_limit_is_refused_and_leaves_nothing_behind()
    {
        var bytes = SampleImages.PngOfSize(500_000);
        var refused = await Assert.ThrowsAsync<ContentRejectedException>(() => _store.StoreAsync(new MemoryStream(bytes), bytes.Length - 1, cancellationToken: Token));
        Assert.Equal(ContentRejection.TooLarge, refused.Rejection);
        Assert.Empty(AllFiles());

        var exactly = await _store.StoreAsync(new MemoryStream(bytes), bytes.Length, cancellationToken: Token);
        Assert.Equal(bytes.Length, exactly.Size);
    }

    [Fact]
    public async Task Content_with_another_hash_than_expected_is_refused_and_leaves_nothing_behind()
    {
        var bytes = SampleImages.PngOfSize(1000);
        var refused = await Assert.ThrowsAsync<ContentRejectedException>(() => _store.StoreAsync(new MemoryStream(bytes), 10_000, new string('0', 64), Token));
        Assert.Equal(ContentRejection.HashMismatch, refused.Rejection);
        Assert.Empty(AllFiles());

        var stored = await _store.StoreAsync(new MemoryStream(bytes), 10_000, Sha(bytes).ToUpperInvariant(), Token);
        Assert.Equal(Sha(bytes), stored.Sha256);
    }

    [Fact]
    public async Task Content_expected_and_already_stored_is_not_read_again()
    {
        var bytes = SampleImages.PngOfSize(1000);
        await _store.StoreAsync(new MemoryStream(bytes), 10_000, cancellationToken: Token);

        var again = await _store.StoreAsync(CutAfter([]), 10_000, Sha(bytes), Token);
        Assert.True(again.AlreadyStored);
        Assert.Equal(ImageType.Png, again.ImageType);
        Assert.Equal(bytes.Length, again.Size);
    }

    [Fact]
    public async Task A_cut_or_cancelled_store_leaves_nothing_behind()
    {
        await Assert.ThrowsAsync<IOException>(() => _store.StoreAsync(CutAfter(SampleImages.PngOfSize(5000)), 10_000, cancellationToken: Token));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.StoreAsync(new MemoryStream(SampleImages.Png), 10_000, cancellationToken: cancelled.Token));
        Assert.Empty(AllFiles());
    }

    [Fact]
    public async Task A_download_cut_half_way_resumes_to_the_same_hash_as_an_uncut_one()
    {
        var bytes = SampleImages.PngOfSize(1_000_000, seed: 7);
        const string Url = "http://127.0.0.2:8090/images/big.png";

        await using (var first = await _store.BeginAsync(Url, 2_000_000, Token))
        {
            Assert.Equal(0, first.Length);
            await Assert.ThrowsAsync<IOException>(() => first.AppendAsync(CutAfter(bytes[..400_000]), Token));
            Assert.Equal(400_000, first.Length);
        }

        Assert.Equal(400_000, _store.PartialLength(Url));
        Assert.Equal(0, _store.PartialLength("http://127.0.0.2:8090/images/other.png"));
        await using var resumed = await _store.BeginAsync(Url, 2_000_000, Token);
        Assert.Equal(400_000, resumed.Length);
        await resumed.AppendAsync(new MemoryStream(bytes[(int)resumed.Length..]), Token);
        var stored = await resumed.CompleteAsync(Sha(bytes), Token);

        Assert.Equal(Sha(bytes), stored.Sha256);
        Assert.Equal(bytes.Length, stored.Size);
        Assert.Equal(ImageType.Png, stored.ImageType);
        Assert.Equal([stored.Path], AllFiles());
    }

    [Fact]
    public async Task A_server_that_ignores_the_range_sends_everything_again_after_a_reset()
    {
        var bytes = SampleImages.PngOfSize(50_000);
        await using (var first = await _store.BeginAsync("key", 100_000, Token))
        {
            await first.AppendAsync(new MemoryStream(bytes[..20_000]), Token);
        }

        await using var resumed = await _store.BeginAsync("key", 100_000, Token);
        await resumed.ResetAsync(Token);
        Assert.Equal(0, resumed.Length);
        await resumed.AppendAsync(new MemoryStream(bytes), Token);
        Assert.Equal(Sha(bytes), (await resumed.CompleteAsync(cancellationToken: Token)).Sha256);
    }

    [Fact]
    public async Task A_resumed_download_that_grows_past_the_limit_is_dropped()
    {
        await using (var first = await _store.BeginAsync("key", 100, Token))
        {
            await first.AppendAsync(new MemoryStream(new byte[60]), Token);
        }

        await using var resumed = await _store.BeginAsync("key", 100, Token);
        var refused = await Assert.ThrowsAsync<ContentRejectedException>(() => resumed.AppendAsync(new MemoryStream(new byte[60]), Token));
        Assert.Equal(ContentRejection.TooLarge, refused.Rejection);
        Assert.Empty(AllFiles());
    }

    [Fact]
    public async Task A_discarded_download_is_gone()
    {
        await using (var first = await _store.BeginAsync("key", 100, Token))
        {
            await first.AppendAsync(new MemoryStream(new byte[60]), Token);
            await first.DiscardAsync();
        }

        Assert.Empty(AllFiles());
        await using var again = await _store.BeginAsync("key", 100, Token);
        Assert.Equal(0, again.Length);
    }

    [Fact]
    public async Task One_key_has_one_writer_at_a_time()
    {
        await using var first = await _store.BeginAsync("key", 100, Token);
        await Assert.ThrowsAnyAsync<IOException>(() => _store.BeginAsync("key", 100, Token));
        await using var other = await _store.BeginAsync("other key", 100, Token);
    }

    [Fact]
    public async Task Concurrent_writers_of_the_same_content_end_with_one_file()
    {
        var bytes = SampleImages.PngOfSize(2_000_000, seed: 3);
        var stores = Enumerable.Range(0, 8).Select(_ => Task.Run(
            () => new FolderContentStore(_root, flushToDisk: false).StoreAsync(new MemoryStream(bytes), 10_000_000, cancellationToken: Token), Token));
        var results = await Task.WhenAll(stores);

        Assert.All(results, r => Assert.Equal(Sha(bytes), r.Sha256));
        Assert.Single(results, r => !r.AlreadyStored);
        Assert.Equal([results[0].Path], AllFiles());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(results[0].Path, Token));
    }

    [Fact]
    public void Hashes_are_checked_before_they_name_a_path()
    {
        Assert.False(_store.Exists(new string('a', 64)));
        Assert.Throws<ArgumentException>(() => _store.PathOf("../../etc/passwd"));
        Assert.Throws<ArgumentException>(() => _store.PathOf(new string('g', 64)));
    }
}
