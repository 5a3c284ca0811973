using Crawler.AppHost;
using Crawler.Contracts;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

var store = builder.AddProject<Projects.Crawler_Store>("store")
    // Not proxied: every grain call that touches the store would otherwise take an extra hop through DCP.
    .WithEndpoint(name: "resp", scheme: "tcp", env: "Store__Port", isProxied: false)
    .WithSection(builder.Configuration, "Store")
    .WithEnvironment("Store__DataDirectory", builder.Configuration["Store:DataDirectory"]
        ?? Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".data", "store")))
    .WithHttpHealthCheck("/health");

var storeProvider = new StoreProvider(store, "resp");
var orleans = builder.AddOrleans("cluster")
    // Fixed: grain state and reminders are keyed by the service id, and must outlive a restart.
    .WithServiceId("crawler")
    .WithClustering(storeProvider)
    .WithGrainStorage(CrawlerCluster.BatchStorage, storeProvider)
    .WithGrainStorage(CrawlerCluster.JobStorage, storeProvider)
    .WithReminders(storeProvider);

var silos = builder.AddProject<Projects.Crawler_Silo>("silo")
    .WithReference(orleans)
    // One content store for every silo: a download fetched on either lands in the same folder.
    .WithEnvironment("Downloads__Directory", builder.Configuration["Downloads:Directory"]
        ?? Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".data", "downloads")))
    .WithReplicas(builder.Configuration.GetValue("Silos", 2))
    // A developer's machine: the silos talk over loopback (elsewhere they advertise their container's or pod's address).
    .WithEnvironment("Orleans__Endpoints__AdvertisedIPAddress", "127.0.0.1")
    .WaitFor(store)
    .WithHttpHealthCheck("/health");
// Development's address guard (appsettings.json: the loopback web of the README's demo), handed to every silo as it is.
silos.WithSection(builder.Configuration, "AddressGuard");

if (builder.Configuration["Primes:MaxParallelism"] is { } primeThreads)
{
    silos.WithEnvironment("Primes__MaxParallelism", primeThreads);
}

if (builder.Configuration["Downloads:FlushToDisk"] is { } flush)
{
    silos.WithEnvironment("Downloads__FlushToDisk", flush);
}

builder.AddProject<Projects.Crawler_Api>("api")
    .WithReference(orleans.AsClient())
    // A developer's machine: no keys unless asked for (production refuses to start without them; see docs/security.md).
    .WithSection(builder.Configuration, "Auth")
    .WithSection(builder.Configuration, "Quotas")
    .WaitFor(silos)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
