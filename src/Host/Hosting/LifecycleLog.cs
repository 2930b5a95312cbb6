namespace Actors.Host.Hosting;

/// <summary>
/// One line on standard output per step of the server's life (listening, ready, stopping, drained, stopped), so a
/// person or a supervising script can follow it; logs go to standard error.
/// </summary>
public sealed class LifecycleLog(TextWriter output)
{
    private readonly Lock _gate = new();

    public void Write(string line)
    {
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
