namespace Actors.Host.Tests.Infrastructure;

/// <summary>Fresh temporary directories for data, deleted afterwards.</summary>
internal static class TempDirectory
{
    public static string Create(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), $"actors-host-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held by a process that is going away: the OS cleans temp.
        }
    }
}
