using Npgsql;

namespace Actors.Store.Cluster;

/// <summary>
/// The shape of every change to the cluster's tables: one transaction that first locks the <c>cluster_meta</c> row (so
/// changes happen one at a time and each sees the previous one whole), makes its change, and, if it changed anything a
/// node must react to, raises the view version and notifies every node with it on commit.
/// </summary>
internal static class ClusterTransaction
{
    /// <param name="connection">An open connection, not in a transaction.</param>
    /// <param name="sql">The cluster's statements.</param>
    /// <param name="change">Makes the change; returns its result and whether the view changed. Throwing rolls everything back.</param>
    /// <param name="cancellationToken">Cancels the transaction; it is rolled back.</param>
    public static async Task<T> RunAsync<T>(
        NpgsqlConnection connection,
        ClusterSql sql,
        Func<NpgsqlTransaction, ClusterMeta, Task<(T Result, bool Changed)>> change,
        CancellationToken cancellationToken)
    {
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        ClusterMeta meta;
        await using (NpgsqlCommand lockMeta = ClusterCommands.Create(connection, transaction, sql.LockMeta))
        await using (NpgsqlDataReader reader = await lockMeta.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidDataException($"The cluster's {ClusterSchema.MetaTable} table has no row; it was changed outside this software.");
            }

            meta = new ClusterMeta(reader.GetInt32(0), reader.GetInt64(1), reader.NullableString(2), reader.GetInt64(3));
        }

        (T result, bool changed) = await change(transaction, meta).ConfigureAwait(false);
        if (changed)
        {
            await ClusterCommands.ExecuteAsync(connection, transaction, sql.BumpVersion, cancellationToken, sql.Channel).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }
}
