namespace Actors.Testing;

/// <summary>
/// A fact that needs the private PostgreSQL that scripts/test.sh starts (ACTORS_TEST_POSTGRES). Without it the test
/// fails with a message saying how to get one; only an explicit ACTORS_SKIP_POSTGRES=1 skips it. One file, compiled
/// into each test project that needs it.
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
                "ACTORS_TEST_POSTGRES is not set, so there is no PostgreSQL to test against. Run the suite with scripts/test.sh (it starts a private " +
                "server, installing PostgreSQL if needed), or eval \"$(scripts/postgres.sh start)\" first, or set ACTORS_SKIP_POSTGRES=1 to skip.");
}
