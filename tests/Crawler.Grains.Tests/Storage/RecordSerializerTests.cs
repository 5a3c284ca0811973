using System.Text;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Contracts.Primes;
using Crawler.Grains.Batches;
using Crawler.Grains.Primes;
using Crawler.Grains.Storage;

namespace Crawler.Grains.Tests.Storage;

/// <summary>Job records through the grains' storage serializer: records of today round-trip; records written before it load whole.</summary>
public sealed class RecordSerializerTests
{
    private readonly RecordSerializer _serializer = new();

    private T Load<T>(string legacy) => _serializer.Deserialize<T>(new BinaryData(Encoding.UTF8.GetBytes(LegacyRecords.Read(legacy))));

    [Fact]
    public void A_check_batch_written_before_kinds_loads_as_a_check_with_every_option()
    {
        var record = Load<BatchRecord>("check-batch");

        Assert.Equal((BatchKind.Check, JobState.Completed, 2), (record.Kind, record.State, record.Total));
        Assert.Equal("secret", record.Options.Headers["X-Token"]);
        Assert.Equal(("*", "u", "p"), (record.Options.Auth.Single().Host, record.Options.Auth.Single().Username, record.Options.Auth.Single().Password));
        Assert.Equal((64, 4, 10_000, "200-299", true), (record.Options.MaxConcurrency, record.Options.PerHostConcurrency, record.Options.TimeoutMs, record.Options.Accept, record.Options.HeadFirst));
        Assert.Equal(DateTimeOffset.Parse("2026-12-04T03:40:24.7839502+00:00", System.Globalization.CultureInfo.InvariantCulture), record.CreatedAt);
        Assert.NotNull(record.FinishedAt);
        Assert.Null(record.Options.Crawl);
    }

    [Fact]
    public void A_download_written_with_the_old_download_flag_loads_as_a_download()
    {
        var record = Load<BatchRecord>("download-batch");

        Assert.Equal((BatchKind.Download, JobState.Completed, 1), (record.Kind, record.State, record.Total));
        Assert.Equal(16 * 1024 * 1024, record.Options.MaxDownloadBytes);
    }

    [Fact]
    public void A_crawl_written_before_kinds_loads_as_a_crawl_with_its_settings_and_shards()
    {
        var record = Load<BatchRecord>("crawl-batch");

        Assert.Equal((BatchKind.Crawl, 11, 6), (record.Kind, record.Total, record.CrawlShards));
        Assert.Equal((1, 1000, true, true), (record.Options.Crawl!.MaxDepth, record.Options.Crawl.MaxPages, record.Options.Crawl.Robots, record.Options.Crawl.Images));
        Assert.Equal(CrawlScopeKind.SameHost, record.Options.Crawl.Scope);
    }

    [Fact]
    public void A_prime_job_written_before_loads_with_its_partitions_and_results()
    {
        var record = Load<PrimeJobRecord>("prime-job");

        Assert.Equal(JobState.Completed, record.State);
        Assert.Equal((0UL, 1000UL), (record.Request.From, record.Request.To));
        Assert.Equal(new PrimeRange(0, 1000), record.Partitions.Single());
        var done = record.Done.Single();
        Assert.Equal(new PrimeSummary(0, 1000, 168, 35, 2, 997, 20, 887), done.Summary);
        Assert.Equal("Secondary_0", done.Silo);
    }

    [Fact]
    public void Records_of_today_round_trip_and_name_no_clr_type()
    {
        var record = new BatchRecord
        {
            Kind = BatchKind.Crawl,
            State = JobState.Running,
            Total = 3,
            CreatedAt = DateTimeOffset.UnixEpoch,
            Options = new BatchOptions { Headers = new Dictionary<string, string> { ["X-A"] = "b" }, Crawl = new CrawlSettings { MaxDepth = 2, Hosts = ["a.test"] } },
            CrawlShards = 4,
        };

        var data = _serializer.Serialize(record);
        var loaded = _serializer.Deserialize<BatchRecord>(data);

        Assert.DoesNotContain("$type", data.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"crawl\"", data.ToString(), StringComparison.Ordinal);
        Assert.Equal((record.Kind, record.State, record.Total, record.CrawlShards), (loaded.Kind, loaded.State, loaded.Total, loaded.CrawlShards));
        Assert.Equal("b", loaded.Options.Headers["X-A"]);
        Assert.Equal(["a.test"], loaded.Options.Crawl!.Hosts);
    }
}
