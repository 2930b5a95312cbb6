using Actors.Persistence.GroupCommit;

namespace Actors.Tests.Persistence;

using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.TestKit;

/// <summary>
/// Group commit on Akka.Persistence: commands arriving while a write is in flight are applied at once and written
/// together as one journal event; every reply waits until what it reports is durable, replies leave in command order,
/// and a failed write fails every reply that waited for it.
/// </summary>
[Collection(nameof(GatedJournal))]
public sealed class GroupCommitPersistentActorTests : Akka.TestKit.Xunit2.TestKit
{
    public GroupCommitPersistentActorTests()
        : base(ConfigurationFactory.ParseString(GatedJournal.Hocon))
    {
        GatedJournal.FailWith(null);
        GatedJournal.Open();
        lock (GatedJournal.Writes)
        {
            GatedJournal.Writes.Clear();
        }
    }

    private sealed record Add(int Value);

    private sealed record Read;

    private sealed record Group(int[] Values);

    /// <summary>Keeps a list; each Add is an event, each reply waits for durability.</summary>
    private sealed class ListActor(string id, bool snapshotEveryThird = false) : GroupCommitPersistentActor
    {
        private readonly List<int> _values = [];

        public override string PersistenceId => id;

        protected override void OnRecover(object message)
        {
            switch (message)
            {
                case Group group:
                    _values.AddRange(group.Values);
                    break;
                case SnapshotOffer { Snapshot: int[] values }:
                    _values.AddRange(values);
                    break;
            }
        }

        protected override void OnGroupCommand(object message)
        {
            switch (message)
            {
                case Add add:
                    _values.Add(add.Value);
                    AddToGroup(add.Value);
                    ReplyWhenDurable(Sender, $"added {add.Value}");
                    if (snapshotEveryThird && add.Value % 3 == 0)
                    {
                        RequestSnapshot();
                    }

                    break;
                case Read:
                    ReplyWhenDurable(Sender, string.Join(",", _values));
                    break;
                case "groups":
                    Sender.Tell(GroupsWritten);
                    break;
            }
        }

        protected override object CreateGroup(IReadOnlyList<object> events) => new Group([.. events.Cast<int>()]);

        protected override object CreateSnapshot() => _values.ToArray();
    }

    private IActorRef Start(string id, bool snapshots = false) => Sys.ActorOf(Props.Create(() => new ListActor(id, snapshots)));

    [Fact]
    public void No_reply_leaves_before_the_journal_confirms_and_replies_keep_command_order()
    {
        var actor = Start("order");
        actor.Tell(new Add(0));
        ExpectMsg("added 0");

        GatedJournal.Close();
        actor.Tell(new Add(1));
        actor.Tell(new Read());
        actor.Tell(new Add(2));
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        GatedJournal.Open();
        ExpectMsg("added 1");
        ExpectMsg("0,1");
        ExpectMsg("added 2");
    }

    [Fact]
    public void Commands_that_arrive_while_a_write_is_in_flight_are_written_together_as_one_event()
    {
        var actor = Start("groups");
        GatedJournal.Close();
        actor.Tell(new Add(1));
        AwaitCondition(() => GatedJournal.WritesSeen == 1);
        for (var i = 2; i <= 50; i++)
        {
            actor.Tell(new Add(i));
        }

        actor.Tell(new Read());
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        GatedJournal.Open();
        for (var i = 1; i <= 50; i++)
        {
            ExpectMsg($"added {i}");
        }

        ExpectMsg(string.Join(",", Enumerable.Range(1, 50)));
        actor.Tell("groups");
        Assert.Equal(2L, ExpectMsg<long>());
        lock (GatedJournal.Writes)
        {
            // Two round trips, one event each: the first alone, the 49 that waited together.
            Assert.Equal([[1], [1]], GatedJournal.Writes);
        }

        // What was acknowledged is what a new incarnation recovers.
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        Start("groups").Tell(new Read());
        ExpectMsg(string.Join(",", Enumerable.Range(1, 50)));
    }

    [Fact]
    public void A_failed_write_fails_every_reply_that_waited_for_it_and_stops_the_actor()
    {
        var actor = Start("failing");
        Watch(actor);
        actor.Tell(new Add(1));
        ExpectMsg("added 1");

        GatedJournal.Close();
        actor.Tell(new Add(2));
        actor.Tell(new Read());
        AwaitCondition(() => GatedJournal.WritesSeen == 2);
        actor.Tell(new Add(3));
        actor.Tell("groups"); // answered at once: Add(3) has been taken when it comes
        ExpectMsg<long>();
        GatedJournal.FailWith(new InvalidOperationException("disk on fire"));
        GatedJournal.Open();

        for (var i = 0; i < 3; i++)
        {
            var failure = ExpectMsg<Status.Failure>();
            var error = Assert.IsType<JournalWriteFailedException>(failure.Cause);
            Assert.Equal("failing", error.PersistenceId);
            Assert.Contains("disk on fire", error.Message);
        }

        ExpectTerminated(actor);
        GatedJournal.FailWith(null);
        Start("failing").Tell(new Read());
        ExpectMsg("1");
    }

    [Fact]
    public void A_snapshot_waits_until_nothing_is_in_flight_and_holds_only_what_is_durable()
    {
        var actor = Start("snapshots", snapshots: true);
        GatedJournal.Close();
        actor.Tell(new Add(1));
        AwaitCondition(() => GatedJournal.WritesSeen == 1);
        actor.Tell(new Add(2));
        actor.Tell(new Add(3)); // asks for a snapshot while 1 is in flight and 2, 3 wait
        actor.Tell(new Add(4)); // stashed until the snapshot is taken
        GatedJournal.Open();
        for (var i = 1; i <= 4; i++)
        {
            ExpectMsg($"added {i}");
        }

        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        Start("snapshots").Tell(new Read());
        ExpectMsg("1,2,3,4");
    }
}
