using System.Globalization;
using Crawler.Contracts.Batches;

namespace Crawler.Cli;

/// <summary>
/// <c>--host-settings 'docs.example.org; concurrency=2; delay-ms=500; header=Accept: text/html'</c>: a host pattern and what
/// the batch does differently for it, separated by semicolons (<see cref="HostSettings"/>); <c>header</c> may repeat.
/// </summary>
public static class HostSettingsText
{
    public static HostSettings Parse(string text)
    {
        var parts = text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new FormatException("--host-settings needs a host: 'docs.example.org; concurrency=2; delay-ms=500; header=Name: value'.");
        }

        var settings = new HostSettings { Host = parts[0] };
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts.Skip(1))
        {
            var (key, value) = part.Split('=', 2, StringSplitOptions.TrimEntries) is [var k, var v] ? (k, v) : (part, "");
            if (key == "concurrency")
            {
                settings = settings with { PerHostConcurrency = Number(key, value) };
            }
            else if (key == "delay-ms")
            {
                settings = settings with { PerHostDelayMs = Number(key, value) };
            }
            else if (key == "header" && value.Split(':', 2, StringSplitOptions.TrimEntries) is [{ Length: > 0 } name, var headerValue])
            {
                headers[name] = headerValue;
            }
            else
            {
                throw new FormatException(key == "header"
                    ? $"--host-settings for {parts[0]}: '{value}' is not a header: write it as 'Name: value'."
                    : $"--host-settings for {parts[0]}: '{key}' is not a setting (concurrency, delay-ms, header).");
            }
        }

        return settings with { Headers = headers };
    }

    private static int Number(string key, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"--host-settings: {key} must be a whole number, not '{value}'.");
}
