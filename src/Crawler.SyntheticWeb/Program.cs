using Crawler.SyntheticWeb;

// Runs the synthetic web for benchmarks and demos:
//   dotnet run --project src/Crawler.SyntheticWeb -- <hosts> <port> <latency-ms> [--site-pages N --site-images N ...]
// (--help lists the site's options; each can also come from the environment, e.g. SYNTHETIC_WEB_SITE_PAGES.)
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(ServerCommandLine.Usage);
    return 0;
}

ServerCommandLine command;
try
{
    command = ServerCommandLine.Parse(args, Environment.GetEnvironmentVariable);
}
catch (FormatException e)
{
    await Console.Error.WriteLineAsync(e.Message + Environment.NewLine + ServerCommandLine.Usage);
    return 2;
}

var options = command.Options;
await using var web = await SyntheticWebServer.StartAsync(options);
foreach (var host in web.Hosts)
{
    Console.WriteLine(host);
}

var site = web.Site;
Console.WriteLine(
    $"Site: {site.Seed} — {site.PagesPerHost} pages per host ({site.OrphanPagesPerHost} only in the sitemap), " +
    $"{site.ImageCount} images of about {options.SiteImageBytes} bytes, seed {options.SiteSeed}" +
    (options.SiteCrawlDelayHost is { } delayed ? $", Crawl-delay {options.SiteCrawlDelay.TotalSeconds} s on host {delayed}" : ""));
if (command.TruthDirectory is { } truth)
{
    SiteTruthFiles.Write(site, truth);
    Console.WriteLine($"Ground truth written to {Path.GetFullPath(truth)}");
}

Console.WriteLine($"Serving {command.HostCount} hosts with {options.Latency.TotalMilliseconds} ms latency; Ctrl+C stops.");
await web.WaitForShutdownAsync();
return 0;
