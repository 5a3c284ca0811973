using System.CommandLine;
using System.Globalization;
using Tomlyn;
using Tomlyn.Model;

namespace Crawler.Cli;

/// <summary>
/// <c>crawler.toml</c>, read from the current folder or from <c>--config FILE</c>: any option of any command, by its long
/// name (<c>max-concurrency = 32</c>, <c>exclude = ["…", "…"]</c>, <c>include-fragments = true</c>). What the command line
/// says wins; a key no command knows is an error, so a typo never passes unnoticed.
/// </summary>
public static class ConfigFile
{
    public const string FileName = "crawler.toml";

    /// <summary>The arguments with the configuration's options added after the command's name, where the line does not set them.</summary>
    public static string[] Apply(string[] args, RootCommand root)
    {
        var path = ExplicitPath(args) ?? (File.Exists(FileName) ? FileName : null);
        if (path is null)
        {
            return args;
        }

        var commandAt = Array.FindIndex(args, arg => root.Subcommands.Any(command => command.Name == arg));
        if (commandAt < 0)
        {
            return args;
        }

        var command = root.Subcommands.First(c => c.Name == args[commandAt]);
        var table = Read(path);
        var added = new List<string>();
        foreach (var (key, value) in table)
        {
            var name = "--" + key.Replace('_', '-');
            if (key == "hosts" && value is TomlTable hosts)
            {
                added.AddRange(HostSettings(hosts, path).SelectMany(settings => new[] { "--host-settings", settings }));
                continue;
            }

            if (value is TomlTable)
            {
                throw new CrawlerCliException($"{path}: [{key}] is not a section crawler reads; write options at the top level, and host settings under [hosts.\"name\"].");
            }

            var option = command.Options.Concat(root.Options.Where(o => o.Recursive)).FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));
            if (option is null)
            {
                if (root.Subcommands.Any(other => other.Options.Any(o => o.Name == name)))
                {
                    continue; // an option of another command
                }

                throw new CrawlerCliException($"{path}: '{key}' is not an option of crawler (see crawler {command.Name} --help).");
            }

            if (args.Any(arg => Names(option).Any(n => arg == n || arg.StartsWith(n + "=", StringComparison.Ordinal))))
            {
                continue; // the command line says otherwise
            }

            foreach (var item in value is TomlArray array ? array.Cast<object?>() : [value])
            {
                added.Add(option.Name);
                added.Add(Text(item, path, key));
            }
        }

        return [.. args[..(commandAt + 1)], .. added, .. args[(commandAt + 1)..]];
    }

    private static IEnumerable<string> Names(Option option) => option.Aliases.Append(option.Name);

    /// <summary><c>[hosts."docs.example.org"]</c> tables (concurrency, delay-ms, headers) as <c>--host-settings</c> values.</summary>
    private static IEnumerable<string> HostSettings(TomlTable hosts, string path)
    {
        foreach (var (host, value) in hosts)
        {
            if (value is not TomlTable settings)
            {
                throw new CrawlerCliException($"{path}: hosts.{host} must be a table: [hosts.\"{host}\"] with concurrency, delay-ms, headers.");
            }

            var parts = new List<string> { host };
            foreach (var (key, setting) in settings)
            {
                switch (key)
                {
                    case "concurrency" or "delay-ms" or "delay_ms":
                        parts.Add($"{key.Replace('_', '-')}={Text(setting, path, $"hosts.{host}.{key}")}");
                        break;
                    case "headers" when setting is TomlTable headers:
                        parts.AddRange(headers.Select(h => $"header={h.Key}: {Text(h.Value, path, $"hosts.{host}.headers.{h.Key}")}"));
                        break;
                    default:
                        throw new CrawlerCliException($"{path}: hosts.{host}.{key} is not a host setting (concurrency, delay-ms, headers).");
                }
            }

            yield return string.Join("; ", parts);
        }
    }

    private static TomlTable Read(string path)
    {
        try
        {
            return TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(path)) ?? [];
        }
        catch (TomlException e)
        {
            throw new CrawlerCliException($"{path} is not valid TOML: {e.Message}");
        }
        catch (IOException e)
        {
            throw new CrawlerCliException($"Cannot read {path}: {e.Message}");
        }
    }

    private static string Text(object? value, string path, string key) => value switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        long or int or double => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        _ => throw new CrawlerCliException($"{path}: '{key}' must be a string, a number, true or false, or an array of them."),
    };

    private static string? ExplicitPath(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == CommonOptions.Config.Name)
            {
                return i + 1 < args.Length ? Existing(args[i + 1]) : null;
            }

            if (args[i].StartsWith(CommonOptions.Config.Name + "=", StringComparison.Ordinal))
            {
                return Existing(args[i][(CommonOptions.Config.Name.Length + 1)..]);
            }
        }

        return null;

        static string Existing(string path) => File.Exists(path) ? path : throw new CrawlerCliException($"--config: {path} does not exist.");
    }
}
