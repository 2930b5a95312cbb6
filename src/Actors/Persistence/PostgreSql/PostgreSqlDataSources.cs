using Npgsql;

namespace Actors.Persistence.PostgreSql;

/// <summary>Builds the Npgsql data source a store uses from its connection string.</summary>
internal static class PostgreSqlDataSources
{
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);

        // The stores run a handful of fixed statements over and over: let Npgsql prepare them on the server,
        // unless the connection string says otherwise.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 32;
        }

        // Group commit must tell which insert of a failed batch was to blame: Npgsql names it on the exception
        // (PostgresException.BatchCommand) only when asked to.
        builder.IncludeFailedBatchedCommand = true;

        return NpgsqlDataSource.Create(builder.ConnectionString);
    }
}
