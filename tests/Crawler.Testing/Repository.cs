namespace Crawler.Testing;

/// <summary>The checkout the tests were built from: the first folder above them that holds Crawler.sln.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Crawler.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Crawler.sln above {AppContext.BaseDirectory}: the tests run from a checkout.");
    }
}
