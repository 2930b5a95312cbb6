using Actors.Persistence;
using Actors.Persistence.Journal;
using Actors.Persistence.PostgreSql;
using Actors.Persistence.Snapshots;
using Actors.Persistence.Sqlite;
using Actors.Store.Configuration;
using Actors.Store.Shards;
using Actors.Store.Client;

namespace Actors.Store.OwnRuntime;

/// <summary>
/// Opens the journal and snapshot store the settings name, checks the data belongs to a store of this shape
/// (<see cref="StoreManifest"/>), and closes them again. Owned by the store.
/// </summary>
internal sealed class StorePersistence : IAsyncDisposable
{
    private StorePersistence(PersistenceContext context, IJournal? journal, ISnapshotStore? snapshots, string location)
    {
        Context = context;
        Journal = journal;
        Snapshots = snapshots;
        Location = location;
    }

    public PersistenceContext Context { get; }

    public IJournal? Journal { get; }

    public ISnapshotStore? Snapshots { get; }

    /// <summary>Where the data lives, for messages: a file path or a PostgreSQL schema.</summary>
    public string Location { get; }

    public static async Task<StorePersistence> OpenAsync(StoreSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Durability == Durability.None)
        {
            return new StorePersistence(PersistenceContext.InMemory, null, null, "memory (durability = none)");
        }

        IJournal journal;
        ISnapshotStore snapshots;
        string location;
        if (settings.Backend == StoreBackend.Sqlite)
        {
            var durability = settings.Durability == Durability.Strict ? SqliteDurability.Strict : SqliteDurability.Batched;
            var directory = Path.GetFullPath(settings.DataDirectory);
            Directory.CreateDirectory(directory);
            var sqlite = new SqliteJournal(new SqliteJournalSettings { DataDirectory = directory, Durability = durability, MaxBatchSize = settings.MaxBatchSize });
            journal = sqlite;
            snapshots = new SqliteSnapshotStore(new SqliteSnapshotStoreSettings { DataDirectory = directory, Durability = durability });
            location = sqlite.DatabasePath;
        }
        else
        {
            journal = new PostgreSqlJournal(new PostgreSqlJournalSettings
            {
                ConnectionString = settings.PostgreSqlConnectionString,
                Schema = settings.PostgreSqlSchema,
                MaxBatchSize = settings.MaxBatchSize,
                FenceTable = settings.FenceTable,
            });
            snapshots = new PostgreSqlSnapshotStore(new PostgreSqlSnapshotStoreSettings
            {
                ConnectionString = settings.PostgreSqlConnectionString,
                Schema = settings.PostgreSqlSchema,
            });
            location = $"PostgreSQL schema '{settings.PostgreSqlSchema}'";
        }

        try
        {
            await journal.InitializeAsync(cancellationToken).ConfigureAwait(false);
            await snapshots.InitializeAsync(cancellationToken).ConfigureAwait(false);
            await StoreManifest.VerifyOrCreateAsync(journal, settings.Shards, location, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await snapshots.DisposeAsync().ConfigureAwait(false);
            await journal.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var context = new PersistenceContext(journal, snapshots, settings.SnapshotEvery, maxPendingEvents: settings.MaxPendingEvents, maxEventsPerWrite: settings.MaxEventsPerWrite);
        return new StorePersistence(context, journal, snapshots, location);
    }

    public async ValueTask DisposeAsync()
    {
        if (Snapshots is not null)
        {
            await Snapshots.DisposeAsync().ConfigureAwait(false);
        }

        if (Journal is not null)
        {
            await Journal.DisposeAsync().ConfigureAwait(false);
        }
    }
}
