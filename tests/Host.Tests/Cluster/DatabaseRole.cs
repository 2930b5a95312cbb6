using Npgsql;

namespace Actors.Host.Tests.Cluster;

/// <summary>
/// A PostgreSQL role of the test's own, for a node to reach one of its databases as (say, the cluster's tables through
/// <c>cluster.postgres.connection-string</c>, while its journal keeps the common one). <see cref="LockOutAsync"/> ends
/// the role's sessions and refuses new ones — what a partition between that node and that database does — and
/// <see cref="LetInAsync"/> ends the partition. Dropped at the end.
/// </summary>
internal sealed class DatabaseRole : IAsyncDisposable
{
    private DatabaseRole(string name) => Name = name;

    public string Name { get; }

    public string ConnectionString => new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString) { Username = Name }.ConnectionString;

    /// <param name="name">Unique on the server (roles are shared by every test's schemas): e.g. after the cluster's schema.</param>
    public static async Task<DatabaseRole> CreateAsync(string name)
    {
        await ExecuteAsync($"CREATE ROLE \"{name}\" LOGIN SUPERUSER");
        return new DatabaseRole(name);
    }

    /// <summary>Refuses the role's new sessions and ends the ones it has; returns how many ended.</summary>
    public async Task<long> LockOutAsync()
    {
        await ExecuteAsync($"ALTER ROLE \"{Name}\" NOLOGIN");
        return await TerminateSessionsAsync();
    }

    public Task LetInAsync() => ExecuteAsync($"ALTER ROLE \"{Name}\" LOGIN");

    public async ValueTask DisposeAsync()
    {
        await ExecuteAsync($"ALTER ROLE \"{Name}\" NOLOGIN");
        await TerminateSessionsAsync();
        await ExecuteAsync($"REASSIGN OWNED BY \"{Name}\" TO CURRENT_USER; DROP ROLE IF EXISTS \"{Name}\"");
    }

    private async Task<long> TerminateSessionsAsync()
    {
        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var terminate = new NpgsqlCommand("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = @name) AS ended", connection);
        terminate.Parameters.AddWithValue("name", Name);
        return (long)(await terminate.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
