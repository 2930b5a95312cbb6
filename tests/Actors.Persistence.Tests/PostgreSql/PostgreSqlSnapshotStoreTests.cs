using Actors.Persistence.PostgreSql;
using Actors.Persistence.Snapshots;
using Actors.Persistence.Tests.Contract;
using Actors.Persistence.Tests.Infrastructure;

namespace Actors.Persistence.Tests.PostgreSql;

public sealed class PostgreSqlSnapshotStoreTests : SnapshotStoreContract, IPostgresTests
{
    private readonly string _schema = TestPostgres.NewSchemaName();

    protected override ISnapshotStore Open() =>
        new PostgreSqlSnapshotStore(new PostgreSqlSnapshotStoreSettings { ConnectionString = TestPostgres.ConnectionString, Schema = _schema });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await TestPostgres.DropSchemaAsync(_schema);
    }
}
