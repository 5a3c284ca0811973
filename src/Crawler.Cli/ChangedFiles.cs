using System.Diagnostics;

namespace Crawler.Cli;

/// <summary>
/// <c>--changed-since REF</c>: the files git sees changed since a commit — changed, added or renamed since it, and new files
/// not yet committed (less what .gitignore leaves out) — as full paths, so a pull request's check reads only its documents.
/// </summary>
public static class ChangedFiles
{
    public static async Task<IReadOnlySet<string>> SinceAsync(string reference, CancellationToken cancellationToken)
    {
        var root = (await GitAsync(cancellationToken, "rev-parse", "--show-toplevel")).Trim();
        var changed = await GitAsync(cancellationToken, "diff", "--name-only", "--diff-filter=ACMR", reference, "--");
        var untracked = await GitAsync(cancellationToken, "ls-files", "--others", "--exclude-standard", "--full-name", root);
        return changed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Concat(untracked.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Select(path => Path.GetFullPath(Path.Join(root, path)))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static async Task<string> GitAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process git;
        try
        {
            git = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CrawlerCliException($"--changed-since needs git: {e.Message}");
        }

        using (git)
        {
            var output = git.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = git.StandardError.ReadToEndAsync(cancellationToken);
            await git.WaitForExitAsync(cancellationToken);
            return git.ExitCode == 0
                ? await output
                : throw new CrawlerCliException($"--changed-since: git {string.Join(' ', arguments)} failed: {(await error).Trim()}");
        }
    }
}
