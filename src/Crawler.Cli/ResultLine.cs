namespace Crawler.Cli;

/// <summary>One line for a person: a tag in brackets (<c>[OK]</c>, <c>[FAIL]</c>), the color it is shown in on a terminal, and the rest.</summary>
public readonly record struct ResultLine(string Tag, string Color, string Text)
{
    public string Plain => $"[{Tag}] {Text}";

    public string Markup => $"[{Color}][[{Tag}]][/] {Spectre.Console.Markup.Escape(Text)}";
}
