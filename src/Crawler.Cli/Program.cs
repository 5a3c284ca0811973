using Crawler.Cli;

return await CrawlerCommandLine.InvokeAsync(args);
