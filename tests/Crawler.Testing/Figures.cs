using Xunit;

namespace Crawler.Testing;

/// <summary>Figures a test measures, for closing notes and docs: appended to <c>TestResults/{name}.txt</c> beside the test's binaries.</summary>
public static class Figures
{
    public static void Write(string name, string line)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults"));
        File.AppendAllText(Path.Combine(folder.FullName, $"{name}.txt"), $"{DateTime.UtcNow:u} {line}\n");
        TestContext.Current.TestOutputHelper?.WriteLine(line);
    }
}
