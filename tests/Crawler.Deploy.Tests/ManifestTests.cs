using System.Reflection;
using System.Xml.Linq;
using Crawler.Api;
using Crawler.Api.Access;
using Crawler.Api.Quotas;
using Crawler.Downloads;
using Crawler.Grains.Hosts;
using Crawler.Grains.Primes;
using Crawler.Grains.Retention;
using Crawler.Probing.Targets;
using Crawler.Store;
using Crawler.Testing;
using Microsoft.Extensions.Hosting;
using YamlDotNet.RepresentationModel;

namespace Crawler.Deploy.Tests;

/// <summary>
/// The Kubernetes manifests render (kubectl kustomize, both overlays), and everything they name exists: each image is one
/// the projects build, each port one it exposes, each probe path one the hosts serve, each setting one the code reads,
/// each volume where the image keeps its data, each secret key one the development overlay makes.
/// </summary>
public sealed class ManifestTests
{
    /// <summary>The configuration sections the code binds, by the options class that reads each.</summary>
    private static readonly Dictionary<string, Type> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [StoreOptions.Section] = typeof(StoreOptions),
        [AuthOptions.Section] = typeof(AuthOptions),
        [QuotaLimits.Section] = typeof(QuotaLimits),
        [ApiOptions.Section] = typeof(ApiOptions),
        [ProbingOptions.Section] = typeof(ProbingOptions),
        [PrimesOptions.Section] = typeof(PrimesOptions),
        [RetentionOptions.Section] = typeof(RetentionOptions),
        [DownloadsOptions.Section] = typeof(DownloadsOptions),
        [AddressGuardOptions.Section] = typeof(AddressGuardOptions),
    };

    /// <summary>
    /// Settings read other than through an options class: the store's connection string, the Orleans ids, the switch to
    /// Kubernetes hosting (SiloExtensions), the host's shutdown timeout, and what Orleans' Kubernetes hosting reads.
    /// </summary>
    private static readonly HashSet<string> OtherSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        "ConnectionStrings__store", "Orleans__ServiceId", "Orleans__ClusterId", "Orleans__UseKubernetesHosting", "DOTNET_shutdownTimeoutSeconds",
        "POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID",
    };

    private static readonly Dictionary<string, string> Projects = new()
    {
        ["crawler-silo"] = "src/Crawler.Silo/Crawler.Silo.csproj",
        ["crawler-api"] = "src/Crawler.Api/Crawler.Api.csproj",
        ["crawler-store"] = "src/Crawler.Store/Crawler.Store.csproj",
    };

    [Theory]
    [InlineData("development", new[] { "crawler-silo", "crawler-api", "crawler-store" })]
    [InlineData("production", new[] { "crawler-silo", "crawler-api" })]
    public async Task An_overlay_renders_and_names_only_what_exists(string overlay, string[] images)
    {
        var documents = await RenderAsync(overlay);
        var settings = documents.Where(d => Kind(d) == "ConfigMap").SelectMany(d => Map(d, "data").Children.Keys.Select(k => k.ToString())).ToList();
        var secrets = await DevelopmentSecretKeysAsync();
        var workloads = documents.Where(d => Kind(d) is "Deployment" or "StatefulSet").ToList();

        Assert.Equal(images.Order(), workloads.SelectMany(Containers).Select(c => ImageName(Scalar(c, "image"))).Order());
        Assert.All(settings, setting => Assert.True(IsRead(setting), $"ConfigMap: nothing reads {setting}"));
        foreach (var workload in workloads)
        {
            var pod = Map(Map(workload, "spec"), "template", "spec");
            var volumes = Items(pod, "volumes").Select(v => Scalar(v, "name"))
                .Concat(Items(Map(workload, "spec"), "volumeClaimTemplates").Select(v => Scalar(Map(v, "metadata"), "name"))).ToHashSet();
            foreach (var container in Containers(workload))
            {
                var image = ImageName(Scalar(container, "image"));
                var project = XDocument.Load(Path.Combine(Repository.Root, Projects[image]));
                var exposed = project.Descendants("ContainerPort").Select(p => (string)p.Attribute("Include")!).ToHashSet();
                var directories = project.Descendants("ContainerEnvironmentVariable").Select(e => (string)e.Attribute("Value")!).ToHashSet();
                var ports = Items(container, "ports").ToDictionary(p => Scalar(p, "name"), p => Scalar(p, "containerPort"));

                Assert.Equal(image, project.Descendants("ContainerRepository").Single().Value);
                Assert.All(ports.Values, port => Assert.Contains(port, exposed));
                foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" }.Where(p => container.Children.ContainsKey(p)))
                {
                    var get = Map(container, probe, "httpGet");
                    Assert.Contains(Scalar(get, "path"), new[] { ServiceDefaultsExtensions.HealthPath, ServiceDefaultsExtensions.AlivePath });
                    Assert.Equal("8080", ports[Scalar(get, "port")]); // the images' ASPNETCORE_HTTP_PORTS
                }

                foreach (var variable in Items(container, "env"))
                {
                    var name = Scalar(variable, "name");
                    Assert.True(IsRead(name), $"{image}: nothing reads {name}");
                    if (variable.Children.ContainsKey("valueFrom") && Map(variable, "valueFrom").Children.ContainsKey("secretKeyRef"))
                    {
                        Assert.Contains(Scalar(Map(variable, "valueFrom", "secretKeyRef"), "key"), secrets);
                    }
                }

                foreach (var mount in Items(container, "volumeMounts"))
                {
                    Assert.Contains(Scalar(mount, "name"), volumes);
                    var path = Scalar(mount, "mountPath");
                    Assert.True(path == "/tmp" || directories.Contains(path), $"{image} keeps nothing in {path}");
                }
            }
        }

        // A stopping silo's drain (the host's shutdown timeout) must end before Kubernetes kills it.
        var silo = workloads.Single(w => Scalar(Map(w, "metadata"), "name") == "crawler-silo");
        var shutdown = int.Parse(Scalar(Map(documents.Single(d => Kind(d) == "ConfigMap"), "data"), "DOTNET_shutdownTimeoutSeconds"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(int.Parse(Scalar(Map(Map(silo, "spec"), "template", "spec"), "terminationGracePeriodSeconds"), System.Globalization.CultureInfo.InvariantCulture) > shutdown);
        Assert.Contains(documents, d => Kind(d) == "PodDisruptionBudget");
        Assert.Contains(documents, d => Kind(d) == "Role" && Scalar(Map(d, "metadata"), "name") == Scalar(Map(Map(silo, "spec"), "template", "spec"), "serviceAccountName"));
    }

    private static bool IsRead(string variable)
    {
        if (OtherSettings.Contains(variable))
        {
            return true;
        }

        var parts = variable.Split("__");
        return parts.Length >= 2 && Sections.TryGetValue(parts[0], out var options)
            && options.GetProperty(parts[1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { CanWrite: true };
    }

    private static async Task<List<YamlMappingNode>> RenderAsync(string overlay)
    {
        var kubectl = await DebianPackages.EnsureAsync("kubectl", "/usr/bin/kubectl", TestContext.Current.CancellationToken);
        var yaml = await Podman.ToolAsync(kubectl, TimeSpan.FromMinutes(1), "kustomize", $"deploy/kubernetes/overlays/{overlay}");
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static async Task<HashSet<string>> DevelopmentSecretKeysAsync() =>
        [.. (await RenderAsync("development")).Where(d => Kind(d) == "Secret").SelectMany(d => Map(d, "data").Children.Keys.Select(k => k.ToString()))];

    private static string Kind(YamlMappingNode document) => Scalar(document, "kind");

    private static IEnumerable<YamlMappingNode> Containers(YamlMappingNode workload) => Items(Map(Map(workload, "spec"), "template", "spec"), "containers");

    private static string ImageName(string image) => image.Split('/')[^1].Split(':')[0];

    private static YamlMappingNode Map(YamlMappingNode node, params string[] path) =>
        path.Aggregate(node, (current, key) => (YamlMappingNode)current.Children[new YamlScalarNode(key)]);

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    private static IEnumerable<YamlMappingNode> Items(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var items) ? ((YamlSequenceNode)items).Children.Cast<YamlMappingNode>() : [];
}
