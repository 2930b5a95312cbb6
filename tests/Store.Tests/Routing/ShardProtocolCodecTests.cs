using System.Text;
using Actors.Store.Routing;
using Actors.Store.Shards;
using Actors.Store.OwnRuntime;

namespace Actors.Store.Tests.Routing;

public sealed class ShardProtocolCodecTests
{
    private static readonly StoreEntry Entry = new("k", Encoding.UTF8.GetBytes("value"), 7, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), "text/plain");

    public static TheoryData<int> RequestIndexes => new(Enumerable.Range(0, Requests.Length));

    private static readonly object[] Requests =
    [
        new ShardProtocol.Get("ключ"),
        new ShardProtocol.Set("k", [1, 2, 3], new SetOptions { ExpectedVersion = 0, Ttl = TimeSpan.FromSeconds(30), ContentType = "application/json" }),
        new ShardProtocol.Set("k", [], null),
        new ShardProtocol.Delete("k", 5),
        new ShardProtocol.Delete("k", null),
        new ShardProtocol.Increment("n", -42),
        new ShardProtocol.GetMany(["a", "b"]),
        new ShardProtocol.SetMany([new("a", [1]), new("b", [2, 2])]),
        new ShardProtocol.Batch([new BatchOperation.Set("{x}a", new byte[] { 9 }), new BatchOperation.Delete("{x}b", 3), new BatchOperation.Increment("{x}c", long.MinValue), new BatchOperation.Check("{x}d", 0)]),
        new ShardProtocol.Scan("user/", "user/10", 50, true),
        new ShardProtocol.Scan("", null, 1, false),
        ShardProtocol.Count.Instance,
        ShardProtocol.Stats.Instance,
        ShardProtocol.Flush.Instance,
        new ShardProtocol.PostedSet("p", [4]),
        new ShardProtocol.PostedIncrement("p", long.MaxValue),
        new ShardProtocol.PostedBatch([new("a", [1], 0), new("b", null, -3)]),
        new ShardProtocol.Acknowledged(new ShardProtocol.PostedIncrement("q", 2)),
    ];

    [Theory]
    [MemberData(nameof(RequestIndexes))]
    public void Requests_round_trip(int index)
    {
        var request = Requests[index];
        var decoded = ShardProtocolCodec.DecodeRequest(ShardProtocolCodec.EncodeRequest(request));
        Assert.Equal(Describe(request), Describe(decoded));
    }

    [Fact]
    public void Replies_round_trip()
    {
        object[] replies =
        [
            new ShardProtocol.GetReply(Entry),
            new ShardProtocol.GetReply(null),
            WriteResult.Written(3, true),
            WriteResult.Mismatch(9),
            new DeleteResult(true, true, 4),
            new IncrementResult(-17, 2),
            new ShardProtocol.GetManyReply([Entry, null]),
            new ShardProtocol.SetManyReply([WriteResult.Written(1, true), WriteResult.Mismatch(2)]),
            new BatchResult(true, null, [1, 2, 3], null),
            new BatchResult(false, 2, [], 7),
            new ShardProtocol.ScanReply([Entry], true),
            42L,
            new ShardStats(3, 10, 100, 2, 55, 99, 1),
            ShardProtocol.Flushed.Instance,
        ];
        foreach (var reply in replies)
        {
            Assert.Equal(Describe(reply), Describe(ShardProtocolCodec.DecodeReply(ShardProtocolCodec.EncodeReply(reply))));
        }
    }

    [Fact]
    public void Errors_come_back_as_the_same_exception_types_with_their_messages()
    {
        Exception[] errors =
        [
            new NotAnIntegerException("k", "its value \"x\" is not an integer."),
            new InvalidKeyException("A key must not be empty."),
            new ValueTooLargeException(2000, 1000),
            new StoreOverloadedException(3, new InvalidOperationException()),
            new ShardNotOwnedException(4, "node-a", "node-b"),
            new ArgumentException("bad argument"),
            new TimeoutException("too slow"),
            new StoreUnavailableException("shutting down"),
        ];
        foreach (var error in errors)
        {
            var thrown = Assert.ThrowsAny<Exception>(() => ShardProtocolCodec.DecodeReply(ShardProtocolCodec.EncodeError(error)));
            Assert.Equal(error.GetType(), thrown.GetType());
            if (error is not (StoreOverloadedException or ShardNotOwnedException or ValueTooLargeException))
            {
                Assert.Equal(error.Message, thrown.Message);
            }
        }

        var notOwned = Assert.Throws<ShardNotOwnedException>(() => ShardProtocolCodec.DecodeReply(ShardProtocolCodec.EncodeError(new ShardNotOwnedException(4, "a", "b"))));
        Assert.Equal(4, notOwned.Shard);
        Assert.Equal("b", notOwned.KnownOwner);
        Assert.Equal("k", Assert.Throws<NotAnIntegerException>(() => ShardProtocolCodec.DecodeReply(ShardProtocolCodec.EncodeError(new NotAnIntegerException("k", "x")))).Key);
    }

    [Fact]
    public void Garbage_is_refused_clearly()
    {
        Assert.Throws<InvalidDataException>(() => ShardProtocolCodec.DecodeRequest([200]));
        Assert.Throws<InvalidDataException>(() => ShardProtocolCodec.DecodeRequest([2, 5]));
        Assert.Throws<InvalidDataException>(() => ShardProtocolCodec.DecodeReply([9, 0xFF]));
    }

    // Records compare arrays by reference; compare a rendering that spells out the bytes.
    private static string Describe(object message) => message switch
    {
        ShardProtocol.Set set => $"Set {set.Key} {Convert.ToHexString(set.Value)} {set.Options}",
        ShardProtocol.SetMany many => "SetMany " + string.Join(";", many.Items.Select(i => $"{i.Key}={Convert.ToHexString(i.Value)}")),
        ShardProtocol.GetMany many => "GetMany " + string.Join(";", many.Keys),
        ShardProtocol.Batch batch => "Batch " + string.Join(";", batch.Operations.Select(o => o is BatchOperation.Set s ? $"Set {s.Key} {Convert.ToHexString(s.Value.Span)} {s.Options}" : o.ToString())),
        ShardProtocol.PostedSet posted => $"PostedSet {posted.Key} {Convert.ToHexString(posted.Value)}",
        ShardProtocol.PostedBatch batch => "PostedBatch " + string.Join(";", batch.Items.ToArray().Select(o => $"{o.Key} {(o.Value is null ? "-" : Convert.ToHexString(o.Value))} {o.By}")),
        ShardProtocol.Acknowledged acknowledged => "Ack " + Describe(acknowledged.Inner),
        ShardProtocol.GetReply get => "Get " + DescribeEntry(get.Entry),
        ShardProtocol.GetManyReply many => "GetMany " + string.Join(";", many.Entries.Select(DescribeEntry)),
        ShardProtocol.SetManyReply many => "SetMany " + string.Join(";", many.Results),
        ShardProtocol.ScanReply scan => $"Scan {scan.More} " + string.Join(";", scan.Entries.Select(DescribeEntry)),
        BatchResult batch => $"Batch {batch.Applied} {batch.FailedIndex} {batch.CurrentVersionAtFailure} {string.Join(",", batch.Results)}",
        _ => message.ToString()!,
    };

    private static string DescribeEntry(StoreEntry? entry) =>
        entry is null ? "null" : $"{entry.Key} {Convert.ToHexString(entry.Value.Span)} {entry.Version} {entry.ExpiresAt} {entry.ContentType}";
}
