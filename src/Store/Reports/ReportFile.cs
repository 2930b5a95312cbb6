using System.Text;

namespace Actors.Store.Reports;

/// <summary>Writes a report file whole: to a temporary file first, then moved into place, so a reader never sees half a report.</summary>
internal static class ReportFile
{
    public static async Task WriteAsync(string path, string content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        await File.WriteAllTextAsync(temporary, content, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, full, overwrite: true);
    }
}
