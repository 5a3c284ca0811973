using System.CommandLine;
using Spectre.Console;

namespace Crawler.Cli;

/// <summary>
/// What a running job shows: its result lines, and on a terminal a live progress bar under them (on standard error,
/// so standard output stays clean for a report or a pipe). Without a terminal, lines are plain text and there is no bar.
/// </summary>
public sealed class JobConsole
{
    private readonly TextWriter? _lines;
    private readonly IAnsiConsole? _terminal;
    private readonly bool _throughTerminal;
    private ProgressTask? _bar;

    private JobConsole(TextWriter? lines, IAnsiConsole? terminal, bool throughTerminal, TextWriter error)
    {
        _lines = lines;
        _terminal = terminal;
        _throughTerminal = throughTerminal;
        Error = error;
    }

    /// <summary>Whether a progress bar is shown (there is a terminal).</summary>
    public bool ShowsProgress => _terminal is not null;

    /// <summary>Notes for the person at the keyboard (job id, summary), never mixed into a report.</summary>
    public TextWriter Error { get; }

    /// <param name="lines">Where result lines go, or null when the output carries a report instead.</param>
    public static JobConsole For(ParseResult parse, TextWriter? lines, bool linesToStandardOutput)
    {
        var configuration = parse.InvocationConfiguration;
        var error = configuration.Error;
        var terminal = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected
            ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) })
            : null;

        // Lines bound for the same terminal as the bar go through the bar's console, which keeps them above it.
        var sameTerminal = terminal is not null && linesToStandardOutput && !Console.IsOutputRedirected && ReferenceEquals(configuration.Output, Console.Out);
        return new JobConsole(sameTerminal ? null : lines, terminal, sameTerminal && lines is not null, error);
    }

    /// <summary>Runs <paramref name="work"/> under a progress bar when there is a terminal.</summary>
    public async Task<T> RunAsync<T>(string description, long total, Func<Task<T>> work)
    {
        if (_terminal is null)
        {
            return await work();
        }

        return await _terminal.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                _bar = context.AddTask(Markup.Escape(description), maxValue: Math.Max(1, total));
                try
                {
                    return await work();
                }
                finally
                {
                    _bar.StopTask();
                }
            });
    }

    public void Write(ResultLine line)
    {
        if (_throughTerminal)
        {
            _terminal!.MarkupLine(line.Markup);
        }
        else
        {
            _lines?.WriteLine(line.Plain);
        }

        _bar?.Increment(1);
    }

    /// <summary>A result that prints no line (the output carries NDJSON or a report): the bar still moves.</summary>
    public void Count() => _bar?.Increment(1);

    /// <summary>The job grew (a crawl finds pages as it goes).</summary>
    public void Total(long total)
    {
        if (_bar is not null && total > _bar.MaxValue)
        {
            _bar.MaxValue = total;
        }
    }
}
