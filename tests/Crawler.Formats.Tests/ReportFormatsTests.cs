namespace Crawler.Formats.Tests;

public sealed class ReportFormatsTests
{
    [Theory]
    [InlineData("ndjson", ReportFormat.Ndjson)]
    [InlineData("json", ReportFormat.Json)]
    [InlineData("JSON", ReportFormat.Json)]
    [InlineData("csv", ReportFormat.Csv)]
    [InlineData("markdown", ReportFormat.Markdown)]
    [InlineData("md", ReportFormat.Markdown)]
    [InlineData("Md", ReportFormat.Markdown)]
    [InlineData("junit", ReportFormat.Junit)]
    [InlineData("JUnit", ReportFormat.Junit)]
    [InlineData("sarif", ReportFormat.Sarif)]
    public void Parses_names_ignoring_case(string name, ReportFormat expected)
    {
        Assert.True(ReportFormats.TryParse(name, out var format));
        Assert.Equal(expected, format);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" json")]
    [InlineData("xml")]
    [InlineData("1")]
    [InlineData("Sarif2")]
    public void Refuses_other_names_and_numbers(string? name)
    {
        Assert.False(ReportFormats.TryParse(name, out _));
    }

    [Theory]
    [InlineData(ReportFormat.Ndjson, "application/x-ndjson", ".ndjson", typeof(NdjsonReportWriter))]
    [InlineData(ReportFormat.Json, "application/json", ".json", typeof(JsonReportWriter))]
    [InlineData(ReportFormat.Csv, "text/csv", ".csv", typeof(CsvReportWriter))]
    [InlineData(ReportFormat.Markdown, "text/markdown", ".md", typeof(MarkdownReportWriter))]
    [InlineData(ReportFormat.Junit, "application/xml", ".xml", typeof(JUnitReportWriter))]
    [InlineData(ReportFormat.Sarif, "application/sarif+json", ".sarif", typeof(SarifReportWriter))]
    [InlineData(ReportFormat.Github, "text/plain", ".txt", typeof(GithubReportWriter))]
    public void Describes_each_format_and_has_its_writer(ReportFormat format, string contentType, string extension, Type writer)
    {
        Assert.Equal(contentType, format.ContentType());
        Assert.Equal(extension, format.FileExtension());
        Assert.IsType(writer, ReportWriters.For(format));
        Assert.True(ReportFormats.TryParse(format.Name(), out var parsed));
        Assert.Equal(format, parsed);
    }

    [Fact]
    public void Lists_every_format()
    {
        Assert.Equal(7, ReportFormats.All.Count);
        Assert.Equal(Enum.GetValues<ReportFormat>(), ReportFormats.All);
    }

    [Fact]
    public void Refuses_an_undefined_format()
    {
        var undefined = (ReportFormat)99;

        Assert.Throws<ArgumentOutOfRangeException>(() => ReportWriters.For(undefined));
        Assert.Throws<ArgumentOutOfRangeException>(() => undefined.ContentType());
        Assert.Throws<ArgumentOutOfRangeException>(() => undefined.FileExtension());
    }
}
