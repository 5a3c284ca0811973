using System.CommandLine;
using Crawler.Contracts.Primes;

namespace Crawler.Cli;

/// <summary><c>crawler primes &lt;from&gt; &lt;to&gt;</c> (count, or <c>--list</c>) and <c>crawler isprime &lt;n…&gt;</c>: prime jobs spread over the cluster's silos.</summary>
public static class PrimesCommand
{
    public static Command Create()
    {
        var from = new Argument<ulong>("from") { Description = "First number of the range (1e9 and 10^9 are fine)", CustomParser = NumberArguments.Parse };
        var to = new Argument<ulong>("to") { Description = "End of the range, not included", CustomParser = NumberArguments.Parse };
        var list = new Option<bool>("--list") { Description = "Every prime of the range, in order (a range of at most 10^7)" };
        var partitions = new Option<int?>("--partitions") { Description = "Split the count into this many partitions (default: by expected work)" };
        var command = new Command("primes", "Count the primes of [from, to): twin pairs, largest gap, first and last, spread over the silos") { from, to, list, partitions };
        command.SetAction((parse, cancellationToken) => CommandRun.RunAsync(parse, downloads: null, (connection, output, console, format) =>
            new PrimeJob(connection.Api, console, output, format).RunAsync(
                new PrimeJobRequest
                {
                    Kind = parse.GetValue(list) ? PrimeJobKind.List : PrimeJobKind.Count,
                    From = parse.GetValue(from),
                    To = parse.GetValue(to),
                    Partitions = parse.GetValue(partitions),
                },
                cancellationToken), cancellationToken));
        return command;
    }

    public static Command CreateIsPrime()
    {
        var numbers = new Argument<ulong[]>("numbers") { Description = "The numbers to test", Arity = ArgumentArity.OneOrMore, CustomParser = NumberArguments.ParseMany };
        var command = new Command("isprime", "Tell for each number whether it is prime (deterministic Miller–Rabin)") { numbers };
        command.SetAction((parse, cancellationToken) => CommandRun.RunAsync(parse, downloads: null, (connection, output, console, format) =>
            new PrimeJob(connection.Api, console, output, format).RunAsync(new PrimeJobRequest { Numbers = parse.GetValue(numbers) }, cancellationToken),
            cancellationToken));
        return command;
    }
}
