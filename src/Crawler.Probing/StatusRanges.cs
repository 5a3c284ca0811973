using System.Globalization;

namespace Crawler.Probing;

/// <summary>HTTP statuses that count as a working link, written as ranges and codes: <c>200-299,403</c>.</summary>
public sealed class StatusRanges
{
    private readonly (int From, int To)[] _ranges;

    private StatusRanges((int From, int To)[] ranges, string text)
    {
        _ranges = ranges;
        Text = text;
    }

    public static StatusRanges Success { get; } = Parse("200-299");

    public string Text { get; }

    public bool Contains(int status) => _ranges.Any(r => status >= r.From && status <= r.To);

    public override string ToString() => Text;

    public static StatusRanges Parse(string text) =>
        TryParse(text, out var ranges, out var error) ? ranges! : throw new FormatException(error);

    public static bool TryParse(string? text, out StatusRanges? ranges, out string? error)
    {
        ranges = null;
        var parts = (text ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            error = "no status codes";
            return false;
        }

        var parsed = new List<(int, int)>(parts.Length);
        foreach (var part in parts)
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length > 2 || !TryStatus(bounds[0], out var from) || !TryStatus(bounds[^1], out var to) || from > to)
            {
                error = $"'{part}' is not a status code (100-599) or a range of them such as 200-299";
                return false;
            }

            parsed.Add((from, to));
        }

        ranges = new StatusRanges([.. parsed], string.Join(',', parts));
        error = null;
        return true;
    }

    private static bool TryStatus(string text, out int status) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out status) && status is >= 100 and <= 599;
}
