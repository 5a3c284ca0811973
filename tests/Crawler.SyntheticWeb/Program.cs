using Crawler.SyntheticWeb;

// Runs the synthetic web for benchmarks and demos:
//   dotnet run --project tests/Crawler.SyntheticWeb -- <hosts> <port> <latency-ms>
var hosts = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 8;
var port = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8080;
var latency = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0;
await using var web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions
{
    Addresses = SyntheticWebOptions.LoopbackHosts(hosts),
    Port = port,
    Latency = TimeSpan.FromMilliseconds(latency),
});
foreach (var host in web.Hosts)
{
    Console.WriteLine(host);
}

Console.WriteLine($"Serving {hosts} hosts with {latency} ms latency; Ctrl+C stops.");
await web.WaitForShutdownAsync();
