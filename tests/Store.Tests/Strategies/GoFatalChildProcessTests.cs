using Actors.Store.Strategies;

namespace Actors.Store.Tests.Strategies;

/// <summary>
/// The Go-faithful guard in fail-fast mode kills its process the way Go's runtime does: the child's catch and
/// finally never run, and the parent sees a fatal exit with Go's message.
/// </summary>
public sealed class GoFatalChildProcessTests
{
    private static readonly string Probe = Path.Combine(
        AppContext.BaseDirectory.Replace("/Store.Tests/bin/", "/Store.GoFatalProbe/bin/", StringComparison.Ordinal),
        "Store.GoFatalProbe.dll");

    [Theory]
    [InlineData("writes", "fatal error: concurrent map writes")]
    [InlineData("read-write", "fatal error: concurrent map read and map write")]
    [InlineData("iterate-write", "fatal error: concurrent map iteration and map write")]
    public async Task The_child_dies_with_gos_message_and_nothing_recovers(string kind, string message)
    {
        Assert.True(File.Exists(Probe), $"the probe program was not built at {Probe}");
        var outcome = await GoFaithfulDemo.RunChildProcessAsync(GoFaithfulDemo.CreateStartInfo(Probe, kind), TimeSpan.FromSeconds(60));

        Assert.True(outcome.DiedUnrecoverably, $"exit {outcome.ExitCode}\nstdout: {outcome.StandardOutput}\nstderr: {outcome.StandardError}");
        Assert.Equal(message, outcome.FatalMessage);
        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Contains("inside try/catch/finally", outcome.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Racing_writers_in_the_child_die_too()
    {
        var outcome = await GoFaithfulDemo.RunChildProcessAsync(GoFaithfulDemo.CreateStartInfo(Probe, "writes", "--race"), TimeSpan.FromSeconds(60));
        Assert.True(outcome.DiedUnrecoverably, $"exit {outcome.ExitCode}\nstdout: {outcome.StandardOutput}\nstderr: {outcome.StandardError}");
        Assert.Equal("fatal error: concurrent map writes", outcome.FatalMessage);
    }

    [Fact]
    public async Task An_unknown_provocation_is_a_clear_error()
    {
        var outcome = await GoFaithfulDemo.RunChildProcessAsync(GoFaithfulDemo.CreateStartInfo(Probe, "nonsense"), TimeSpan.FromSeconds(60));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("Accepted: writes, read-write, iterate-write", outcome.StandardError, StringComparison.Ordinal);
    }
}
