namespace Crawler.Cli;

/// <summary>A failure the user can act on: its message is printed as it is, without a stack trace, and the command exits with <see cref="ExitCodes.Error"/>.</summary>
public sealed class CrawlerCliException(string message, Exception? inner = null) : Exception(message, inner);
