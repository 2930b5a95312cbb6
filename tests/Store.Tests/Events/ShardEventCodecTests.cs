using Actors.Store.Events;

namespace Actors.Store.Tests.Events;

public sealed class ShardEventCodecTests
{
    private static readonly ShardEvent[] Samples =
    [
        new EntryWritten("k", [1, 2, 3], 1, 1_700_000_000_000, 0, null),
        new EntryWritten("ключ/🔑", new byte[100_000], long.MaxValue, 0, 1_700_000_000_123, "application/json"),
        new EntryWritten("empty", [], 7, 1, 2, ""),
        new EntryDeleted("k", 2, 1_700_000_000_001),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Events_round_trip(int sample)
    {
        var evt = Samples[sample];
        var (manifest, payload) = ShardEventCodec.Encode(evt);
        var decoded = ShardEventCodec.Decode(manifest, payload, "test");
        Assert.Equal(evt.GetType(), decoded.GetType());
        Assert.Equal(evt.Key, decoded.Key);
        Assert.Equal(evt.Version, decoded.Version);
        Assert.Equal(evt.TimestampMs, decoded.TimestampMs);
        if (evt is EntryWritten written)
        {
            var back = (EntryWritten)decoded;
            Assert.Equal(written.Value, back.Value);
            Assert.Equal(written.ExpiresAtMs, back.ExpiresAtMs);
            Assert.Equal(written.ContentType, back.ContentType);
        }
    }

    [Fact]
    public void The_format_is_compact()
    {
        var (_, payload) = ShardEventCodec.Encode(new EntryWritten("user:123", new byte[16], 5, 1_700_000_000_000, 0, null));
        Assert.True(payload.Length <= 8 + 1 + 1 + 6 + 1 + 1 + 1 + 1 + 16, $"{payload.Length} bytes");
    }

    [Fact]
    public void An_unknown_format_is_a_clear_error()
    {
        var error = Assert.Throws<UnknownEventFormatException>(() => ShardEventCodec.Decode("kv.w9", [1], "event 3 of shard-0"));
        Assert.Contains("kv.w9", error.Message);
        Assert.Contains("event 3 of shard-0", error.Message);
        Assert.Contains("kv.w1", error.Message);
        Assert.Contains("newer version", error.Message);
    }

    [Fact]
    public void Truncated_or_padded_payloads_are_reported_as_corrupt()
    {
        var (manifest, payload) = ShardEventCodec.Encode(new EntryWritten("key", [1, 2, 3, 4], 9, 100, 0, null));
        for (var length = 0; length < payload.Length; length++)
        {
            var truncated = payload[..length];
            var error = Assert.Throws<InvalidDataException>(() => ShardEventCodec.Decode(manifest, truncated, "event 1 of shard-0"));
            Assert.Contains("event 1 of shard-0", error.Message);
        }

        Assert.Contains("trailing", Assert.Throws<InvalidDataException>(() => ShardEventCodec.Decode(manifest, [.. payload, 0], "x")).Message);
    }

    [Fact]
    public void A_snapshot_in_an_unknown_format_is_refused()
    {
        Assert.Throws<UnknownEventFormatException>(() => ShardSnapshotCodec.Decode("kv.s7\n..."u8, "snapshot 10 of shard-1"));
    }
}
