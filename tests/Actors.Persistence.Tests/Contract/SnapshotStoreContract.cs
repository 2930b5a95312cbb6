using Actors.Persistence.Snapshots;
using Actors.Persistence.Tests.Infrastructure;
using static Actors.Persistence.Tests.Infrastructure.TestEvents;

namespace Actors.Persistence.Tests.Contract;

/// <summary>What every snapshot store must do, whatever its database.</summary>
public abstract class SnapshotStoreContract : IAsyncLifetime
{
    private readonly List<ISnapshotStore> _opened = [];

    protected ISnapshotStore Store { get; private set; } = null!;

    /// <summary>Opens (without initializing) another store on this test's database.</summary>
    protected abstract ISnapshotStore Open();

    public virtual async Task InitializeAsync() => Store = await OpenInitializedAsync();

    public virtual async Task DisposeAsync()
    {
        foreach (ISnapshotStore store in _opened)
        {
            await store.DisposeAsync();
        }
    }

    protected async Task<ISnapshotStore> OpenInitializedAsync()
    {
        ISnapshotStore store = Open();
        _opened.Add(store);
        await store.InitializeAsync();
        return store;
    }

    [BackendFact]
    public async Task Loads_the_latest_snapshot()
    {
        await SaveAsync("s", 5, 1);
        await SaveAsync("s", 20, 3);
        await SaveAsync("s", 10, 2);
        await SaveAsync("other", 30, 4);

        SelectedSnapshot? latest = await Store.LoadAsync("s", SnapshotSelectionCriteria.Latest);

        AssertSnapshot(latest, "s", 20, 3);
        Assert.Null(await Store.LoadAsync("nobody", SnapshotSelectionCriteria.Latest));
        Assert.Null(await Store.LoadAsync("s", SnapshotSelectionCriteria.None));
    }

    [BackendFact]
    public async Task Selects_by_sequence_number()
    {
        await SaveAsync("s", 5, 1);
        await SaveAsync("s", 10, 2);
        await SaveAsync("s", 20, 3);

        AssertSnapshot(await Store.LoadAsync("s", new SnapshotSelectionCriteria(15, DateTimeOffset.MaxValue)), "s", 10, 2);
        AssertSnapshot(await Store.LoadAsync("s", new SnapshotSelectionCriteria(10, DateTimeOffset.MaxValue)), "s", 10, 2);
        AssertSnapshot(await Store.LoadAsync("s", new SnapshotSelectionCriteria(9, DateTimeOffset.MaxValue)), "s", 5, 1);
        Assert.Null(await Store.LoadAsync("s", new SnapshotSelectionCriteria(4, DateTimeOffset.MaxValue)));
        AssertSnapshot(await Store.LoadAsync("s", new SnapshotSelectionCriteria(19, DateTimeOffset.MaxValue, minSequenceNr: 6)), "s", 10, 2);
        Assert.Null(await Store.LoadAsync("s", new SnapshotSelectionCriteria(19, DateTimeOffset.MaxValue, minSequenceNr: 11)));
    }

    [BackendFact]
    public async Task Selects_by_timestamp()
    {
        await SaveAsync("t", 5, minutes: 1);
        await SaveAsync("t", 10, minutes: 2);
        await SaveAsync("t", 20, minutes: 3);

        AssertSnapshot(await Store.LoadAsync("t", new SnapshotSelectionCriteria(long.MaxValue, Epoch.AddMinutes(2.5))), "t", 10, 2);
        AssertSnapshot(await Store.LoadAsync("t", new SnapshotSelectionCriteria(long.MaxValue, Epoch.AddMinutes(2))), "t", 10, 2);
        AssertSnapshot(await Store.LoadAsync("t", new SnapshotSelectionCriteria(long.MaxValue, Epoch.AddMinutes(2).AddTicks(-1))), "t", 5, 1);
        Assert.Null(await Store.LoadAsync("t", new SnapshotSelectionCriteria(long.MaxValue, Epoch)));
        AssertSnapshot(await Store.LoadAsync("t", new SnapshotSelectionCriteria(long.MaxValue, DateTimeOffset.MaxValue, minTimestamp: Epoch.AddMinutes(1.5))), "t", 20, 3);
        Assert.Null(await Store.LoadAsync("t", new SnapshotSelectionCriteria(long.MaxValue, Epoch.AddMinutes(1.5), minTimestamp: Epoch.AddMinutes(1.2))));

        // Both bounds at once: the highest sequence number whose timestamp also qualifies.
        AssertSnapshot(await Store.LoadAsync("t", new SnapshotSelectionCriteria(15, Epoch.AddMinutes(1.5))), "t", 5, 1);
    }

    [BackendFact]
    public async Task Saving_at_the_same_sequence_number_overwrites()
    {
        await SaveAsync("o", 7, minutes: 1, content: "first");
        await SaveAsync("o", 7, minutes: 2, content: "second");

        SelectedSnapshot? loaded = await Store.LoadAsync("o", SnapshotSelectionCriteria.Latest);

        AssertSnapshot(loaded, "o", 7, minutes: 2, content: "second");
        await Store.DeleteAsync(new SnapshotMetadata("o", 7, Epoch));
        Assert.Null(await Store.LoadAsync("o", SnapshotSelectionCriteria.Latest));
    }

    [BackendFact]
    public async Task Stores_large_and_empty_snapshots()
    {
        byte[] large = new byte[6 * 1024 * 1024 + 17];
        Random.Shared.NextBytes(large);
        await Store.SaveAsync(new SnapshotMetadata("large", 1, Epoch), large);
        await Store.SaveAsync(new SnapshotMetadata("empty", 1, Epoch), ReadOnlyMemory<byte>.Empty);

        Assert.Equal(large, (await Store.LoadAsync("large", SnapshotSelectionCriteria.Latest))!.Snapshot.ToArray());
        Assert.Equal(0, (await Store.LoadAsync("empty", SnapshotSelectionCriteria.Latest))!.Snapshot.Length);

        // A slice of a larger buffer is stored as the slice.
        byte[] buffer = [9, 1, 2, 3, 9];
        await Store.SaveAsync(new SnapshotMetadata("slice", 1, Epoch), buffer.AsMemory(1, 3));
        Assert.Equal(new byte[] { 1, 2, 3 }, (await Store.LoadAsync("slice", SnapshotSelectionCriteria.Latest))!.Snapshot.ToArray());
    }

    [BackendFact]
    public async Task Deletes_one_snapshot()
    {
        await SaveAsync("d", 1, 1);
        await SaveAsync("d", 2, 2);
        await SaveAsync("d", 3, 3);

        await Store.DeleteAsync(new SnapshotMetadata("d", 3, DateTimeOffset.UnixEpoch)); // the timestamp is not compared
        await Store.DeleteAsync(new SnapshotMetadata("d", 99, Epoch)); // nothing there: harmless

        AssertSnapshot(await Store.LoadAsync("d", SnapshotSelectionCriteria.Latest), "d", 2, 2);
    }

    [BackendFact]
    public async Task Deletes_the_selected_snapshots()
    {
        for (int seq = 1; seq <= 6; seq++)
        {
            await SaveAsync("m", seq, seq);
        }

        await SaveAsync("keep", 3, 3);

        await Store.DeleteAsync("m", new SnapshotSelectionCriteria(4, DateTimeOffset.MaxValue, minSequenceNr: 2));
        await Store.DeleteAsync("m", SnapshotSelectionCriteria.None);

        Assert.Null(await Store.LoadAsync("m", new SnapshotSelectionCriteria(4, DateTimeOffset.MaxValue, minSequenceNr: 2)));
        AssertSnapshot(await Store.LoadAsync("m", new SnapshotSelectionCriteria(4, DateTimeOffset.MaxValue)), "m", 1, 1);
        AssertSnapshot(await Store.LoadAsync("m", SnapshotSelectionCriteria.Latest), "m", 6, 6);

        await Store.DeleteAsync("m", new SnapshotSelectionCriteria(long.MaxValue, Epoch.AddMinutes(5)));
        AssertSnapshot(await Store.LoadAsync("m", SnapshotSelectionCriteria.Latest), "m", 6, 6);
        Assert.Null(await Store.LoadAsync("m", new SnapshotSelectionCriteria(5, DateTimeOffset.MaxValue)));

        await Store.DeleteAsync("m", SnapshotSelectionCriteria.Latest);
        Assert.Null(await Store.LoadAsync("m", SnapshotSelectionCriteria.Latest));
        AssertSnapshot(await Store.LoadAsync("keep", SnapshotSelectionCriteria.Latest), "keep", 3, 3);
    }

    [BackendFact]
    public async Task Snapshots_survive_reopening_the_store()
    {
        await SaveAsync("r", 4, 4);
        await Store.DisposeAsync();

        ISnapshotStore reopened = await OpenInitializedAsync();

        AssertSnapshot(await reopened.LoadAsync("r", SnapshotSelectionCriteria.Latest), "r", 4, 4);
    }

    [BackendFact]
    public async Task Must_be_initialized_before_use_and_refuses_use_after_disposal()
    {
        ISnapshotStore fresh = Open();
        _opened.Add(fresh);
        await Assert.ThrowsAsync<InvalidOperationException>(() => fresh.LoadAsync("x", SnapshotSelectionCriteria.Latest));

        await fresh.InitializeAsync();
        await fresh.InitializeAsync();
        await fresh.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => fresh.SaveAsync(new SnapshotMetadata("x", 1, Epoch), new byte[1]));
    }

    private Task SaveAsync(string persistenceId, long sequenceNr, double minutes, string? content = null) =>
        Store.SaveAsync(new SnapshotMetadata(persistenceId, sequenceNr, Epoch.AddMinutes(minutes)), Content(persistenceId, sequenceNr, content));

    private static byte[] Content(string persistenceId, long sequenceNr, string? content) =>
        System.Text.Encoding.UTF8.GetBytes(content ?? $"state of {persistenceId} at {sequenceNr}");

    private static void AssertSnapshot(SelectedSnapshot? snapshot, string persistenceId, long sequenceNr, double minutes, string? content = null)
    {
        Assert.NotNull(snapshot);
        Assert.Equal(new SnapshotMetadata(persistenceId, sequenceNr, Epoch.AddMinutes(minutes)), snapshot.Metadata);
        Assert.Equal(Content(persistenceId, sequenceNr, content), snapshot.Snapshot.ToArray());
    }
}
