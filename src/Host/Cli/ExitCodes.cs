namespace Actors.Host.Cli;

/// <summary>What the process's exit code means.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The command failed (bad configuration, a failed start, a failed run).</summary>
    public const int Failure = 1;

    /// <summary>The command line itself was wrong (unknown command or option, bad value).</summary>
    public const int Usage = 2;
}
