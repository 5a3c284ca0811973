using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Crawler.Cli;

/// <summary>
/// The API as the commands use it: submit a job, read its lines as they come, ask for its state, its report and its
/// concurrency summary, cancel it. A refusal (RFC 9457 problem details) becomes a <see cref="CrawlerCliException"/>
/// with the server's own words.
/// </summary>
public sealed class CrawlerApiClient(HttpClient http)
{
    public Uri BaseAddress => http.BaseAddress!;

    public Task<(string Location, TStatus Status)> SubmitAsync<TRequest, TStatus>(
        string path, TRequest body, JsonTypeInfo<TRequest> request, JsonTypeInfo<TStatus> status, CancellationToken cancellationToken) =>
        SubmitAsync(path, JsonContent.Create(body, request), status, cancellationToken);

    public async Task<(string Location, TStatus Status)> SubmitAsync<TStatus>(string path, HttpContent body, JsonTypeInfo<TStatus> status, CancellationToken cancellationToken)
    {
        using var content = body;
        using var response = await SendAsync(() => http.PostAsync(path, content, cancellationToken));
        await EnsureSuccessAsync(response, cancellationToken);
        var accepted = await response.Content.ReadFromJsonAsync(status, cancellationToken)
            ?? throw new CrawlerCliException($"The server at {BaseAddress} accepted the job but sent no state.");
        var location = response.Headers.Location?.OriginalString
            ?? throw new CrawlerCliException($"The server at {BaseAddress} accepted the job but did not say where it is.");
        return (location, accepted);
    }

    public async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => http.GetAsync(path, cancellationToken));
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(type, cancellationToken)
            ?? throw new CrawlerCliException($"{path} answered with nothing.");
    }

    /// <summary>Deletes what <paramref name="path"/> names; null when there is no such thing (404), a refusal's words otherwise.</summary>
    public async Task<T?> DeleteAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => http.DeleteAsync(path, cancellationToken));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return default;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(type, cancellationToken);
    }

    /// <summary>A report or manifest, copied to <paramref name="destination"/> as the server writes it.</summary>
    public async Task CopyAsync(string path, Stream destination, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken));
        await EnsureSuccessAsync(response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await body.CopyToAsync(destination, cancellationToken);
    }

    /// <summary>
    /// The job's NDJSON lines from the start, as the server records them. A stream cut off before the job ended (the
    /// connection dropped, the API restarted) is taken up again after the last line read, so no line is lost or repeated.
    /// </summary>
    public async IAsyncEnumerable<string> ReadLinesAsync(string path, Func<CancellationToken, Task<bool>> finished, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long read = 0;
        for (var attempt = 0; ; attempt++)
        {
            using var response = await SendAsync(() => http.GetAsync($"{path}?from={read}", HttpCompletionOption.ResponseHeadersRead, cancellationToken));
            await EnsureSuccessAsync(response, cancellationToken);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var reader = new StreamReader(body);
            while (true)
            {
                string? line;
                try
                {
                    line = await reader.ReadLineAsync(cancellationToken);
                }
                catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                if (line is null)
                {
                    break;
                }

                if (line.Length > 0)
                {
                    read++;
                    yield return line;
                }
            }

            // The server ends the stream after the job's last line; an early end (a cut connection) is resumed.
            if (await finished(cancellationToken))
            {
                yield break;
            }

            if (attempt >= 5)
            {
                throw new CrawlerCliException($"The result stream of {path} kept breaking off; the job goes on at the server.");
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send();
        }
        catch (HttpRequestException e)
        {
            throw new CrawlerCliException($"Cannot reach the Crawler API at {BaseAddress}: {e.Message}", e);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new CrawlerCliException(Describe(response.StatusCode, text));
    }

    /// <summary>The problem's title, detail and field errors in one message; the bare status when the body is not a problem.</summary>
    private static string Describe(HttpStatusCode status, string body)
    {
        try
        {
            var problem = JsonSerializer.Deserialize<ValidationProblemDetails>(body, JsonSerializerOptions.Web);
            if (problem?.Title is { } title)
            {
                var lines = new List<string> { problem.Detail is { Length: > 0 } detail ? $"{title}: {detail}" : title };
                lines.AddRange(problem.Errors.SelectMany(field => field.Value.Select(message => $"  {field.Key}: {message}")));
                return string.Join(Environment.NewLine, lines);
            }
        }
        catch (JsonException)
        {
        }

        return $"The server answered {(int)status} {status}.";
    }
}
