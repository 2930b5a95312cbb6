using System.Text;
using Actors.Persistence;
using Actors.Persistence.Journal;
using Actors.Persistence.PostgreSql;
using Actors.Store.Cluster;
using Actors.Store.Tests.Api;
using Xunit.Abstractions;

namespace Actors.Store.Tests.Cluster;

/// <summary>
/// The journal, fenced by the cluster's shard map: once a shard has moved, its former owner's writes fail, even when it
/// does not know yet that it lost the shard.
/// </summary>
public sealed class ClusterFencingTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    [PostgresFact]
    public async Task A_former_owners_journal_write_fails_after_its_shard_moved()
    {
        await using var cluster = new ClusterTestBed(output, shards: 2);
        SimulatedNode a = await cluster.StartAsync("a");
        ClusterView owned = await ClusterTestBed.WaitForAsync(a, v => v.ShardsOwnedBy("a").Count() == 2, Settle, "a owns both shards");
        ShardOwnership old = owned.Shards[0];

        // Each node's journal, in the cluster's database, fenced by its shard map.
        await using PostgreSqlJournal journalOfA = await OpenJournalAsync(cluster);
        await using PostgreSqlJournal journalOfB = await OpenJournalAsync(cluster);
        Assert.True(Assert.Single(await journalOfA.WriteAsync([Write(1, old.Fence, "a")])).IsSuccess);

        SimulatedNode b = await cluster.StartAsync("b");
        ClusterView moved = await ClusterTestBed.WaitForAsync(b, v => ClusterTestBed.IsBalanced(v, "a", "b"), Settle, "one shard each");
        int lost = moved.ShardsOwnedBy("b").Single().Shard;
        ShardOwnership before = owned.Shards[lost];
        ShardOwnership after = moved.Shards[lost];
        Assert.Equal(before.Epoch + 1, after.Epoch);

        // The former owner, as if it had missed the move: its write under the old epoch is refused.
        WriteOutcome stale = Assert.Single(await journalOfA.WriteAsync([Write(lost == 0 ? 2 : 1, before.Fence, "a", lost)]));
        var fenced = Assert.IsType<FencedWriteException>(stale.Error);
        Assert.Equal(before.Epoch, fenced.Fence.Epoch);
        Assert.Equal(after.Epoch, fenced.CurrentEpoch);
        Assert.Contains($"scope '{lost}'", fenced.Message);

        // The new owner writes under the new epoch; the shard that stayed is unaffected.
        Assert.True(Assert.Single(await journalOfB.WriteAsync([Write(lost == 0 ? 2 : 1, after.Fence, "b", lost)])).IsSuccess);
        int kept = 1 - lost;
        Assert.True(Assert.Single(await journalOfA.WriteAsync([Write(kept == 0 ? 2 : 1, moved.Shards[kept].Fence, "a", kept)])).IsSuccess);
        cluster.History.AssertClean();
    }

    [PostgresFact]
    public async Task A_persistent_actor_fails_its_writes_once_its_shard_has_failed_over()
    {
        await using var cluster = new ClusterTestBed(output, shards: 1);
        SimulatedNode a = await cluster.StartAsync("a");
        ClusterView owned = await ClusterTestBed.WaitForAsync(a, v => v.ShardsOwnedBy("a").Any(), Settle, "a owns the shard");
        await using PostgreSqlJournal journal = await OpenJournalAsync(cluster);
        var system = ActorSystem.Create("fencing", new ActorSystemSettings
        {
            CoordinatedShutdown = new Actors.Shutdown.CoordinatedShutdownSettings { RunByProcessExit = false },
        });
        try
        {
            var persistence = new PersistenceContext(journal);
            IActorRef shard = system.ActorOf(Props.Create(() => new FencedCounter(persistence, owned.Shards[0].Fence)));
            Assert.Equal(1L, await shard.Ask<long>("add", TimeSpan.FromSeconds(10)));

            // a is paused (cut off) past the failure timeout; b takes the shard over under the next epoch.
            a.Pause();
            SimulatedNode b = await cluster.StartAsync("b");
            ClusterView failedOver = await ClusterTestBed.WaitForAsync(b, v => v.OwnerOf(0) == "b", Settle, "b took the shard over");
            Assert.Equal(owned.Shards[0].Epoch + 1, failedOver.Shards[0].Epoch);

            // a's actor does not know; its next write is refused, and it fails rather than acknowledging.
            PersistFailedException failed = await Assert.ThrowsAsync<PersistFailedException>(() => shard.Ask<long>("add", TimeSpan.FromSeconds(10)));
            Assert.IsType<FencedWriteException>(failed.InnerException);
            Assert.Equal(1, await journal.ReadHighestSequenceNrAsync(FencedCounter.Id, 0));
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        }

        cluster.History.AssertClean();
    }

    private static async Task<PostgreSqlJournal> OpenJournalAsync(ClusterTestBed cluster)
    {
        var journal = new PostgreSqlJournal(new PostgreSqlJournalSettings
        {
            ConnectionString = PostgresFactAttribute.ConnectionString,
            Schema = cluster.Schema, // the journal may share the cluster's schema
            FenceTable = cluster.Settings("any").JournalFenceTable,
        });
        await journal.InitializeAsync();
        return journal;
    }

    private static AtomicWrite Write(long sequenceNr, WriteFence fence, string writer, int shard = 0) =>
        new(new PersistentRepr($"shard-{shard}", sequenceNr, "test", Encoding.UTF8.GetBytes(writer), DateTimeOffset.UtcNow, writer)) { Fence = fence };

    /// <summary>A persistent actor fenced by its shard's epoch, as the store's shard actors are in a cluster.</summary>
    private sealed class FencedCounter : PersistentActor
    {
        public const string Id = "shard-0";
        private long _count;

        public FencedCounter(PersistenceContext persistence, WriteFence fence)
            : base(persistence) => Fence = fence;

        public override string PersistenceId => Id;

        protected override void OnRecoverSnapshot(SelectedSnapshot snapshot)
        {
        }

        protected override void OnRecoverEvent(PersistentRepr evt) => _count++;

        protected override bool Receive(object message)
        {
            if (message is not "add")
            {
                return false;
            }

            Persist("add", ReadOnlyMemory<byte>.Empty);
            ReplyWhenDurable(Sender, ++_count);
            return true;
        }
    }
}
