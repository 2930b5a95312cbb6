using Actors.Persistence.Snapshots;
using Actors.Persistence.Sqlite;
using Actors.Persistence.Tests.Contract;
using Actors.Persistence.Tests.Infrastructure;

namespace Actors.Persistence.Tests.Sqlite;

public sealed class SqliteSnapshotStoreTests : SnapshotStoreContract, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override ISnapshotStore Open() =>
        new SqliteSnapshotStore(new SqliteSnapshotStoreSettings { DataDirectory = _directory.Path });

    public void Dispose() => _directory.Dispose();
}
