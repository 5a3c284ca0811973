using System.Globalization;
using System.Text;

namespace Crawler.Formats.Links;

/// <summary>CSV: one row a link — where it is, as written, its URL and how its check went — guarded as the batch CSV is.</summary>
internal static class LinkCsvReport
{
    public const string Header = "source,line,column,link,url,outcome,status,error,final_url,elapsed_ms";

    public static async Task WriteAsync(LinkReport report, Stream output, CancellationToken cancellationToken)
    {
        await using var text = ReportOutput.Text(output);
        await text.WriteAsync(Header + "\r\n");
        var row = new StringBuilder();
        foreach (var link in report.BySource().SelectMany(file => file))
        {
            var result = link.Result;
            row.Clear();
            CsvText.Append(row, link.Location.Source).Append(',')
                .Append(link.Location.Line).Append(',').Append(link.Location.Column).Append(',');
            CsvText.Append(row, link.Reference).Append(',');
            CsvText.Append(row, result.Url).Append(',');
            CsvText.Append(row, result.Outcome).Append(',');
            CsvText.Append(row, result.Status?.ToString(CultureInfo.InvariantCulture)).Append(',');
            CsvText.Append(row, result.Error).Append(',');
            CsvText.Append(row, result.FinalUrl).Append(',');
            row.Append(Math.Round(result.ElapsedMs).ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            await text.WriteAsync(row, cancellationToken);
        }

        await text.FlushAsync(cancellationToken);
    }
}
