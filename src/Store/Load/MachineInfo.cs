using System.Runtime.InteropServices;

namespace Actors.Store.Load;

/// <summary>Where a run happened: results are only comparable on the same kind of machine.</summary>
public sealed record MachineInfo(int ProcessorCount, string OperatingSystem, string Runtime, string Architecture)
{
    public static MachineInfo Current { get; } = new(
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.ProcessArchitecture.ToString());
}
