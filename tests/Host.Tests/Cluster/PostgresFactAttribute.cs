namespace Actors.Host.Tests.Cluster;

/// <summary>
/// A fact that needs the private PostgreSQL scripts/test.sh starts (ACTORS_TEST_POSTGRES); without it the test fails
/// saying how to get one, unless ACTORS_SKIP_POSTGRES=1 asks to skip.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("ACTORS_SKIP_POSTGRES") == "1")
        {
            Skip = "ACTORS_SKIP_POSTGRES=1";
        }
    }

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("ACTORS_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "ACTORS_TEST_POSTGRES is not set, so the cluster tests have no PostgreSQL. Run scripts/test.sh (it starts a private server), " +
                "or eval \"$(scripts/postgres.sh start)\" first, or set ACTORS_SKIP_POSTGRES=1 to skip them.");
}
