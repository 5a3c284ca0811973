using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Crawler.Contracts;
using Crawler.SyntheticWeb;
using Crawler.Testing;

namespace Crawler.Api.Tests;

/// <summary>
/// The short version of <c>bench/soak.py</c>: for a minute, many clients each submit small check batches through the
/// API and read their result streams to the end. No request may fail and every batch must get each result once; the
/// latencies are reported, held only to generous bounds (the machine's two cores run the cluster, the web and the
/// clients). Its own cluster, and run alone: the store and every other test's cluster live in this same process.
/// </summary>
[Collection(nameof(LoadTests))]
public sealed class LoadTests(StoreFixture store) : IAsyncLifetime
{
    private const int Clients = 50;
    private const int UrlsPerBatch = 10;
    private const int Hosts = 8;
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(1);
    private const int MaxBatches = 5_000; // a bound on the loop whatever the speed

    private readonly ClusterFixture _cluster = new(store);
    private SyntheticWebServer _web = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _cluster.InitializeAsync();
        _web = await SyntheticWebServer.StartAsync(
            new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(Hosts, skip: 240), Latency = TimeSpan.FromMilliseconds(5) }, Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        await _web.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Fifty_clients_submitting_and_reading_for_a_minute_get_every_result_once_and_no_error()
    {
        // The load is the point: the development quotas (60 submissions a minute, 20 running jobs) are off.
        await using var api = TestApi.Start(_cluster, new Dictionary<string, string?>
        {
            ["Quotas:SubmissionsPerMinute"] = "0",
            ["Quotas:MaxRunningJobs"] = "0",
        });
        using (var warmUp = api.Client())
        {
            (await warmUp.GetAsync("/alive", Cancellation)).EnsureSuccessStatusCode(); // started once, before the clients
        }

        var submits = new List<TimeSpan>();
        var batches = new List<TimeSpan>();
        var errors = new List<string>();
        var started = 0;
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            using var http = api.Client();
            http.Timeout = TimeSpan.FromMinutes(2);
            while (clock.Elapsed < Duration && Interlocked.Increment(ref started) <= MaxBatches)
            {
                try
                {
                    var (submit, total) = await RunBatchAsync(http, client);
                    lock (batches)
                    {
                        submits.Add(submit);
                        batches.Add(total);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !Cancellation.IsCancellationRequested)
                {
                    lock (errors)
                    {
                        errors.Add($"client {client}: {ex.GetType().Name}: {ex.Message}");
                    }
                }
            }
        }, Cancellation)));

        var report = $"{batches.Count} batches of {UrlsPerBatch} URLs by {Clients} clients in {clock.Elapsed.TotalSeconds:0} s; "
            + $"submit p50 {Percentile(submits, 0.5):0} ms, p99 {Percentile(submits, 0.99):0} ms; "
            + $"batch p50 {Percentile(batches, 0.5):0} ms, p99 {Percentile(batches, 0.99):0} ms; {errors.Count} errors";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        // For the closing note and docs/reliability.md: kept beside the test's binaries (TestResults/load-figures.txt).
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults"));
        await File.AppendAllTextAsync(Path.Combine(folder.FullName, "load-figures.txt"), $"{DateTime.UtcNow:u} {report}\n", Cancellation);
        Assert.True(errors.Count == 0, $"{report}\n{string.Join('\n', errors.Take(10))}");
        Assert.True(batches.Count >= Clients, report); // each client got through at least one batch
        Assert.True(Percentile(submits, 0.99) < 30_000, report);
    }

    /// <summary>Submits a batch as the CLI does (text/plain) and reads its stream to the end; returns the submit and total times.</summary>
    private async Task<(TimeSpan Submit, TimeSpan Total)> RunBatchAsync(HttpClient http, int client)
    {
        var clock = Stopwatch.StartNew();
        var tag = Guid.NewGuid().ToString("N");
        var urls = string.Join('\n', Enumerable.Range(0, UrlsPerBatch).Select(i => _web.Url((client + i) % Hosts, $"/ok?load={tag}&i={i}")));
        using var submitted = await http.PostAsync("/api/checks?retries=0", new StringContent(urls, Encoding.UTF8, "text/plain"), Cancellation);
        if (submitted.StatusCode != HttpStatusCode.Accepted)
        {
            throw new HttpRequestException($"submit answered {(int)submitted.StatusCode}: {await submitted.Content.ReadAsStringAsync(Cancellation)}");
        }

        var submit = clock.Elapsed;
        var location = submitted.Headers.Location!.OriginalString;
        // A batch of ten answers in well under a second: one whose stream is still open after a minute has lost a result.
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        patience.CancelAfter(TimeSpan.FromMinutes(1));
        var seen = new List<int>();
        try
        {
            await ReadAsync(http, location, seen, patience.Token);
        }
        catch (OperationCanceledException) when (!Cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"{location}: the stream was still open after a minute with results [{string.Join(',', seen)}]; status {await http.GetStringAsync(location, Cancellation)}");
        }

        if (!seen.Order().SequenceEqual(Enumerable.Range(0, UrlsPerBatch)))
        {
            throw new InvalidOperationException($"results [{string.Join(',', seen)}], not each of {UrlsPerBatch} once");
        }

        return (submit, clock.Elapsed);
    }

    private static async Task ReadAsync(HttpClient http, string location, List<int> seen, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"{location}/results", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var result = JsonSerializer.Deserialize(line, CrawlerJson.Default.UrlResult)!;
            if (result.Outcome != "ok")
            {
                throw new InvalidOperationException($"{result.Url}: {result.Outcome} {result.Error}");
            }

            seen.Add(result.Index);
        }
    }

    private static double Percentile(List<TimeSpan> values, double fraction)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var ordered = values.Select(v => v.TotalMilliseconds).Order().ToList();
        return ordered[Math.Min(ordered.Count - 1, (int)(fraction * ordered.Count))];
    }
}

[CollectionDefinition(nameof(LoadTests), DisableParallelization = true)]
public sealed class LoadTestsCollection;
