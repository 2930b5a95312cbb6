using Actors.Persistence.Journal;
using Actors.Persistence.Tests.Journal;

namespace Actors.Persistence.Tests.PersistentActors;

/// <summary>
/// A persistent actor on a journal that chains writes keeps a second write in flight behind the first, so that events
/// persisted while a commit runs join the next commit; replies still leave only once their events are committed, in
/// order, and a failed first write never lets the second be stored after a gap.
/// </summary>
public sealed class SecondWriteInFlightTests : TestKit.TestKit
{
    private readonly FakeCommitter _committer = new();

    [Fact]
    public async Task A_second_write_leaves_while_the_first_commits_a_third_waits_and_replies_keep_their_order()
    {
        await using var journal = new ChainingJournal(_committer);
        IActorRef counter = Sys.ActorOf(Props.Create(() => new Counter(new PersistenceContext(journal))));
        await ProbeAsync(counter); // recovered
        _committer.CloseGate();
        counter.Tell("add", TestActor);
        await _committer.HeldAtGate.Task;

        // While counter#1 commits, the next event is handed over at once, chained to it.
        counter.Tell("add", TestActor);
        AwaitCondition(() => journal.HandedOver.Count == 2, message: "the second write was handed over while the first was committing");
        Assert.True(journal.HandedOver[1].Chained);

        // A third event waits: two writes in flight is the most. (Two probes: a flush scheduled by the third "add"
        // would run before the second probe is answered.)
        counter.Tell("add", TestActor);
        await ProbeAsync(counter);
        Assert.Equal(3, await ProbeAsync(counter));
        Assert.Equal(2, journal.HandedOver.Count);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // nothing is committed yet, so nothing is acknowledged

        _committer.Release();
        ExpectMsg(1L);
        ExpectMsg(2L);
        ExpectMsg(3L);
        Assert.Equal(["counter#1", "counter#2", "counter#3"], _committer.Batches.SelectMany(b => b));
        Assert.Equal(0, await ProbeAsync(counter));
    }

    [Fact]
    public async Task When_the_first_write_fails_both_replies_fail_the_second_is_never_stored_and_the_actor_recovers_without_a_gap()
    {
        var outage = new IOException("disk full");
        var failing = true;
        _committer.OnCommit = batch =>
        {
            if (Volatile.Read(ref failing) && batch.Any(w => w.LowestSequenceNr == 1))
            {
                throw outage;
            }
        };
        await using var journal = new ChainingJournal(_committer);
        IActorRef counter = Sys.ActorOf(Props.Create(() => new Counter(new PersistenceContext(journal))));
        await ProbeAsync(counter);
        _committer.CloseGate();
        counter.Tell("add", TestActor);
        await _committer.HeldAtGate.Task;
        counter.Tell("add", TestActor);
        AwaitCondition(() => journal.HandedOver.Count == 2, message: "the second write was handed over while the first was committing");
        _committer.Release();

        for (var reply = 0; reply < 2; reply++)
        {
            var failure = ExpectMsg<Status.Failure>();
            var persistFailed = Assert.IsType<PersistFailedException>(failure.Cause);

            // The answers may arrive in either order: the second write's own answer names the first's failure.
            var cause = persistFailed.InnerException is PrecedingWriteFailedException refused ? refused.InnerException : persistFailed.InnerException;
            Assert.Same(outage, cause);
        }

        Assert.DoesNotContain("counter#2", _committer.Batches.SelectMany(b => b));
        Assert.Empty(_committer.Stored);

        // Restarted by its supervisor, the actor recovers an empty history and numbers from 1 again: no gap.
        Volatile.Write(ref failing, false);
        counter.Tell("add", TestActor);
        ExpectMsg(1L);
        Assert.Equal([1L], _committer.Stored.Select(e => e.SequenceNr));
    }

    [Fact]
    public async Task Replies_wait_for_the_older_write_even_when_the_newer_ones_answer_arrives_first()
    {
        var journal = new ManualJournal();
        IActorRef counter = Sys.ActorOf(Props.Create(() => new Counter(new PersistenceContext(journal))));
        await ProbeAsync(counter);
        counter.Tell("add", TestActor);
        AwaitCondition(() => journal.Requests.Count == 1);
        counter.Tell("add", TestActor);
        AwaitCondition(() => journal.Requests.Count == 2);

        // The newer write's answer first: nothing is durable yet, since counter#1 is still unanswered.
        journal.Requests[1].Resolve(0, WriteOutcome.Success);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(2, await ProbeAsync(counter));

        journal.Requests[0].Resolve(0, WriteOutcome.Success);
        ExpectMsg(1L);
        ExpectMsg(2L);
        Assert.Equal(0, await ProbeAsync(counter));
    }

    [Fact]
    public async Task On_a_journal_that_cannot_chain_writes_the_actor_keeps_one_write_in_flight()
    {
        await using var journal = new ChainingJournal(_committer);
        var plain = new PlainJournal(journal);
        IActorRef counter = Sys.ActorOf(Props.Create(() => new Counter(new PersistenceContext(plain))));
        await ProbeAsync(counter);
        _committer.CloseGate();
        counter.Tell("add", TestActor);
        await _committer.HeldAtGate.Task;

        counter.Tell("add", TestActor);
        await ProbeAsync(counter);
        Assert.Equal(2, await ProbeAsync(counter));
        Assert.Equal(1, plain.Calls);

        _committer.Release();
        ExpectMsg(1L);
        ExpectMsg(2L);
        Assert.Equal(2, plain.Calls);
    }

    private static Task<int> ProbeAsync(IActorRef counter) => counter.Ask<int>("pending", TimeSpan.FromSeconds(10));

    /// <summary>Persists one event per "add" and replies its sequence number once durable; answers "pending" at once.</summary>
    private sealed class Counter(PersistenceContext persistence) : PersistentActor(persistence)
    {
        public override string PersistenceId => "counter";

        protected override void OnRecoverSnapshot(SelectedSnapshot snapshot)
        {
        }

        protected override void OnRecoverEvent(PersistentRepr evt)
        {
        }

        protected override bool Receive(object message)
        {
            switch (message)
            {
                case "add":
                    ReplyWhenDurable(Sender, Persist("add", ReadOnlyMemory<byte>.Empty));
                    return true;
                case "pending":
                    Sender.Tell(PendingEvents, Self);
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>A chaining journal whose writes the test answers by hand, in any order.</summary>
    private sealed class ManualJournal : IJournal, IChainedWriteJournal
    {
        private readonly List<GroupCommitRequest> _requests = [];

        public IReadOnlyList<GroupCommitRequest> Requests
        {
            get
            {
                lock (_requests)
                {
                    return _requests.ToList();
                }
            }
        }

        public GroupCommitRequest WriteAfter(AtomicWrite write, GroupCommitRequest? previous)
        {
            var request = new GroupCommitRequest([write], CancellationToken.None, previous);
            Assert.True(request.TryTake());
            lock (_requests)
            {
                _requests.Add(request);
            }

            return request;
        }

        public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Writes go through WriteAfter.");

        public IAsyncEnumerable<PersistentRepr> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, CancellationToken cancellationToken = default) =>
            AsyncEnumerable.Empty<PersistentRepr>();

        public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken = default) => Task.FromResult(0L);

        public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>An <see cref="IJournal"/> that is only that (as a user's own journal would be), counting writes.</summary>
    private sealed class PlainJournal(IJournal inner) : IJournal
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

        public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return inner.WriteAsync(writes, cancellationToken);
        }

        public IAsyncEnumerable<PersistentRepr> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, CancellationToken cancellationToken = default) =>
            inner.ReplayAsync(persistenceId, fromSequenceNr, toSequenceNr, max, cancellationToken);

        public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken = default) =>
            inner.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);

        public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) =>
            inner.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
