using Actors.Host.Hosting;
using Microsoft.Extensions.Options;

namespace Actors.Host.Dashboard;

/// <summary>Finds the newest HTML report the lab wrote to <c>host.dashboard.reports-dir</c> (top level, <c>*.html</c>).</summary>
internal sealed class ReportLocator(IOptions<HostSettings> settings)
{
    public string Directory { get; } = Path.GetFullPath(settings.Value.ReportsDirectory);

    public FileInfo? Latest()
    {
        var directory = new DirectoryInfo(Directory);
        if (!directory.Exists)
        {
            return null;
        }

        return directory.EnumerateFiles("*.html", SearchOption.TopDirectoryOnly)
            .Concat(directory.EnumerateFiles("*.htm", SearchOption.TopDirectoryOnly))
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .ThenByDescending(f => f.Name, StringComparer.Ordinal)
            .FirstOrDefault();
    }
}
