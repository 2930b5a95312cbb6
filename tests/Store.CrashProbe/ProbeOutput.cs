namespace Actors.Store.CrashProbe;

/// <summary>
/// The probe's report on stdout, one line per event. Each line is flushed on its own (one <c>write</c> of a few dozen
/// bytes to the pipe, which the kernel keeps whole), so a line the probe finished writing survives its SIGKILL and a
/// line cut off by it never appears at all.
/// </summary>
internal sealed class ProbeOutput
{
    private readonly Lock _gate = new();
    private readonly StreamWriter _writer = new(Console.OpenStandardOutput()) { AutoFlush = false, NewLine = "\n" };

    public void Line(string line)
    {
        lock (_gate)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }
}
