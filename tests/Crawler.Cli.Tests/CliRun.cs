using System.Diagnostics;

namespace Crawler.Cli.Tests;

/// <summary>One run of the <c>crawler</c> command line in this process: its exit code and what it wrote.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exit = await CrawlerCommandLine.InvokeAsync(args, output, error, TestContext.Current.CancellationToken);
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    /// <summary>The real <c>crawler</c> in its own process, started in <paramref name="workingDirectory"/> (which in-process runs cannot change).</summary>
    public static Task<CliRun> RunProcessAsync(string workingDirectory, params string[] args) =>
        RunToolAsync(workingDirectory, "dotnet", [Path.Combine(AppContext.BaseDirectory, "crawler.dll"), .. args]);

    /// <summary>A program in its own process, given two minutes.</summary>
    public static async Task<CliRun> RunToolAsync(string workingDirectory, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        patience.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} ran for two minutes: {await output}{await error}");
        }

        return new CliRun(process.ExitCode, await output, await error);
    }

    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
