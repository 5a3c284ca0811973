using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;

namespace Crawler.Api.Tests;

/// <summary>The options of a text/plain submission as the CLI writes them and the API reads them.</summary>
public sealed class BatchOptionsQueryTests
{
    [Fact]
    public void The_defaults_need_no_query_and_an_empty_query_is_the_defaults()
    {
        Assert.Equal("", BatchOptionsQuery.For(BatchOptions.Default));
        Assert.Equal(Json(BatchOptions.Default), Json(BatchOptionsQuery.Parse(_ => [])));
    }

    [Fact]
    public void What_differs_from_the_defaults_goes_there_and_back()
    {
        var options = new BatchOptions
        {
            MaxConcurrency = 8,
            Retries = 0,
            HeadFirst = false,
            AllowInvalidTls = true,
            Accept = "200-299,403",
            UserAgent = "a b/1",
            Include = ["^https://"],
            Exclude = ["private", @"\.pdf$"],
        };

        var query = BatchOptionsQuery.For(options);
        var parsed = BatchOptionsQuery.Parse(Parameters(query));

        Assert.StartsWith("?", query, StringComparison.Ordinal);
        Assert.DoesNotContain("timeoutMs", query, StringComparison.Ordinal); // a default is left out
        Assert.Equal(2, query.Split('&').Count(p => p.StartsWith("exclude=", StringComparison.Ordinal)));
        Assert.Equal(Json(options), Json(parsed));
    }

    [Theory]
    [InlineData("retries", "many", "whole number")]
    [InlineData("headFirst", "perhaps", "true or false")]
    public void A_value_of_the_wrong_kind_names_its_parameter(string name, string value, string expected)
    {
        var error = Assert.Throws<FormatException>(() => BatchOptionsQuery.Parse(n => n == name ? [value] : []));

        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Headers_credentials_and_crawl_settings_do_not_fit_a_query()
    {
        Assert.True(BatchOptionsQuery.Fits(BatchOptions.Default));
        Assert.False(BatchOptionsQuery.Fits(new BatchOptions { Headers = new Dictionary<string, string> { ["X-A"] = "b" } }));
        Assert.False(BatchOptionsQuery.Fits(new BatchOptions { Auth = [new HostAuth { Host = "*", Bearer = "t" }] }));
        Assert.False(BatchOptionsQuery.Fits(new BatchOptions { Crawl = new CrawlSettings() }));
    }

    private static string Json(BatchOptions options) => JsonSerializer.Serialize(options, CrawlerJson.Default.BatchOptions);

    private static Func<string, IReadOnlyList<string>> Parameters(string query)
    {
        var pairs = query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Select(p => (Name: p[0], Value: Uri.UnescapeDataString(p[1]))).ToList();
        return name => [.. pairs.Where(p => p.Name == name).Select(p => p.Value)];
    }
}
