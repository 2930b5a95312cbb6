namespace Actors.Store.Tests.Linearizability;

/// <summary>Locates the material in <c>../shared</c>, next to the repository root.</summary>
internal static class SharedTestData
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string EtcdDirectory => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "linearizability", "etcd"));

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Actors.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No directory above {AppContext.BaseDirectory} contains Actors.sln.");
    }
}
