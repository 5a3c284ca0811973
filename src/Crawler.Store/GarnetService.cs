using Microsoft.Extensions.Options;

namespace Crawler.Store;

/// <summary>Runs the embedded Garnet server for the lifetime of the host.</summary>
internal sealed partial class GarnetService(IOptions<StoreOptions> options, IHostEnvironment environment, ILoggerFactory loggers, ILogger<GarnetService> logger)
    : IHostedService, IDisposable
{
    private EmbeddedGarnet? _garnet;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        settings.DataDirectory = Path.GetFullPath(settings.DataDirectory, environment.ContentRootPath);
        _garnet = new EmbeddedGarnet(settings, loggers);
        LogListening(settings.Address + ":" + settings.Port, settings.DataDirectory);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _garnet?.Dispose();
        _garnet = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Store listening on {Endpoint}, data in {DataDirectory}")]
    private partial void LogListening(string endpoint, string dataDirectory);
}
