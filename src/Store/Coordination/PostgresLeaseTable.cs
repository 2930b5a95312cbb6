using Npgsql;

namespace Actors.Store.Coordination;

/// <summary>
/// The leases table, <c>{schema}.leases</c>: one row per lease name with its owner, its fencing token and its expiry
/// by the database's clock. Every decision is one statement, so two owners racing for a lease cannot both win.
/// </summary>
internal sealed class PostgresLeaseTable(string connectionString, string schema)
{
    private readonly string _table = PostgresDdl.Table(schema, "leases");

    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await PostgresDdl.CreateTableAsync(
            connection, schema, "leases", "name text PRIMARY KEY, owner text NOT NULL, token bigint NOT NULL, expires_at timestamptz NOT NULL", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes the lease for <paramref name="owner"/> if it is free, expired or already this owner's: the fencing token
    /// when taken (raised for every new tenure, kept while the same owner renews an unexpired one), null otherwise.
    /// </summary>
    public async Task<long?> TryAcquireAsync(string name, string owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {_table} AS lease (name, owner, token, expires_at) VALUES (@name, @owner, 1, now() + @ttl)
            ON CONFLICT (name) DO UPDATE SET
                token = CASE WHEN lease.owner = EXCLUDED.owner AND lease.expires_at >= now() THEN lease.token ELSE lease.token + 1 END,
                owner = EXCLUDED.owner,
                expires_at = EXCLUDED.expires_at
            WHERE lease.owner = EXCLUDED.owner OR lease.expires_at < now()
            RETURNING token
            """,
            connection);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("ttl", ttl);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long token ? token : null;
    }

    /// <summary>Extends the lease if <paramref name="owner"/> still holds it under <paramref name="token"/> and it has not expired.</summary>
    public Task<bool> TryRenewAsync(string name, string owner, long token, TimeSpan ttl, CancellationToken cancellationToken) =>
        UpdateIfHeldAsync("expires_at = now() + @ttl", name, owner, token, ttl, cancellationToken);

    /// <summary>
    /// Gives the lease up if <paramref name="owner"/> holds it under <paramref name="token"/>; false if it did not. The
    /// row stays, expired, so that the next tenure's token is still higher than every one before it.
    /// </summary>
    public Task<bool> ReleaseAsync(string name, string owner, long token, CancellationToken cancellationToken) =>
        UpdateIfHeldAsync("expires_at = '-infinity'", name, owner, token, ttl: null, cancellationToken);

    // Changes the row only while this owner's tenure (its token) holds and has not expired.
    private async Task<bool> UpdateIfHeldAsync(string assignment, string name, string owner, long token, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"UPDATE {_table} SET {assignment} WHERE name = @name AND owner = @owner AND token = @token AND expires_at >= now()",
            connection);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("token", token);
        if (ttl is { } live)
        {
            command.Parameters.AddWithValue("ttl", live);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }
}
