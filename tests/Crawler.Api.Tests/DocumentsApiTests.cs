using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Documents;
using Crawler.SyntheticWeb;
using Crawler.Testing;

namespace Crawler.Api.Tests;

/// <summary><c>/api/documents</c>: documents sent as JSON or as a tarball, their links checked and reported at their places.</summary>
public sealed class DocumentsApiTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private TestApi _api = null!;
    private SyntheticWebServer _web = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(2, skip: 230) }, Cancellation);
        _api = TestApi.Start(fixture, new Dictionary<string, string?>());
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        await _web.DisposeAsync();
    }

    private string Url(int host, string path) => _web.Url(host, path).ToString();

    private DocumentText[] Tree() =>
    [
        new("README.md", $"# Title\n\n[guide](docs/guide.md#usage) and [bad](docs/guide.md#nope).\n[ok]({Url(0, "/ok")}) [404]({Url(1, "/status/404")})\n![logo](img/logo.png)\n"),
        new("docs/guide.md", $"## Usage\n\nThe same [404]({Url(1, "/status/404")}), [up](../README.md#title) and [gone](gone.md).\n"),
    ];

    [Fact]
    public async Task Json_documents_are_checked_and_every_link_is_reported_at_its_place()
    {
        using var submitted = await _api.Http.PostAsJsonAsync("/api/documents", new DocumentsRequest(Tree(), IncludeFragments: true, Options: new() { Retries = 0 }),
            CrawlerJson.Default.DocumentsRequest, Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var location = submitted.Headers.Location!.OriginalString;
        Assert.StartsWith("/api/documents/", location, StringComparison.Ordinal);

        using var report = JsonDocument.Parse(await _api.Http.GetStringAsync($"{location}/results", Cancellation));

        var links = report.RootElement.GetProperty("files").EnumerateArray()
            .SelectMany(file => file.GetProperty("links").EnumerateArray().Select(link => (
                file.GetProperty("source").GetString(), link.GetProperty("line").GetInt32(), link.GetProperty("column").GetInt32(),
                link.GetProperty("result").GetProperty("outcome").GetString())))
            .ToList();
        Assert.Equal(
            [
                ("README.md", 3, 1, "ok"), ("README.md", 3, 34, "missing_fragment"), ("README.md", 4, 1, "ok"), ("README.md", 4, 8 + Url(0, "/ok").Length, "http_error"),
                ("README.md", 5, 1, "excluded"), // an image: a JSON upload holds documents only
                ("docs/guide.md", 3, 10, "http_error"), ("docs/guide.md", 3, 19 + Url(1, "/status/404").Length, "ok"), ("docs/guide.md", 3, 48 + Url(1, "/status/404").Length, "missing_file"),
            ],
            links);
        var status = await _api.Http.GetFromJsonAsync(location, CrawlerJson.Default.BatchStatus, Cancellation);
        Assert.Equal(2, status!.Total); // the 404 written twice is checked once
        var sarif = await _api.Http.GetStringAsync($"{location}/results?format=sarif", Cancellation);
        Assert.Contains("\"startLine\":3", sarif.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tarball_of_a_tree_knows_its_every_file_and_a_tree_without_urls_is_answered_at_once()
    {
        var tarball = Tarball(new Dictionary<string, string>
        {
            ["site/index.html"] = "<a href=\"guide.md\">guide</a> <img src=\"img/logo.png\"> <img src=\"img/gone.png\"> <a href=\"#top\">top</a>",
            ["site/guide.md"] = "# Guide\n",
            ["site/img/logo.png"] = "png",
        });
        using var content = new ByteArrayContent(tarball);
        content.Headers.ContentType = new("application/gzip");

        using var answered = await _api.Http.PostAsync("/api/documents?includeFragments=true", content, Cancellation);

        var body = await answered.Content.ReadAsStringAsync(Cancellation);
        Assert.True(answered.StatusCode == HttpStatusCode.OK, body); // every link is within the upload: no batch to wait for
        using var report = JsonDocument.Parse(body);
        var outcomes = report.RootElement.GetProperty("files")[0].GetProperty("links").EnumerateArray()
            .Select(l => (l.GetProperty("link").GetString(), l.GetProperty("result").GetProperty("outcome").GetString()));
        Assert.Equal([("guide.md", "ok"), ("img/logo.png", "ok"), ("img/gone.png", "missing_file"), ("#top", "ok")], outcomes);
        Assert.Equal(1, report.RootElement.GetProperty("summary").GetProperty("broken").GetInt32());
    }

    [Theory]
    [InlineData("""{"documents": [{"path": "../../etc/passwd.md", "text": "x"}]}""", "climbs out of the upload")]
    [InlineData("""{"documents": [{"path": "image.png", "text": "x"}]}""", "is not a document")]
    [InlineData("""{"documents": []}""", "holds no document")]
    [InlineData("""{"documents": [{"path": "a.md", "text": "x"}], "baseUrl": "ftp://x"}""", "baseUrl must be an http or https URL")]
    [InlineData("""{"documents": [{"path": "a.md", "text": "x"}], "includeFragmnets": true}""", "'includeFragmnets' is not a field")]
    public async Task A_bad_upload_is_a_problem_that_says_what_is_wrong(string json, string message)
    {
        using var answered = await _api.Http.PostAsync("/api/documents", new StringContent(json, Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, answered.StatusCode);
        Assert.Contains(message, await answered.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_body_is_refused_and_an_unknown_check_is_not_found()
    {
        using var text = await _api.Http.PostAsync("/api/documents", new StringContent("# x", Encoding.UTF8, "text/markdown"), Cancellation);
        using var missing = await _api.Http.GetAsync($"/api/documents/{Guid.NewGuid():N}/results", Cancellation);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static byte[] Tarball(Dictionary<string, string> files)
    {
        using var bytes = new MemoryStream();
        using (var gzip = new GZipStream(bytes, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            foreach (var (path, text) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            }
        }

        return bytes.ToArray();
    }
}
