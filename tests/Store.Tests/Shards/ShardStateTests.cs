using System.Text;
using Actors.Store.Events;
using Actors.Store.Shards;

namespace Actors.Store.Tests.Shards;

public sealed class ShardStateTests
{
    private readonly ShardState _state = new();

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private WriteResult Set(string key, string value, SetOptions? options = null, long now = 1000)
    {
        var (result, evt) = _state.DecideSet(key, Bytes(value), options, now);
        if (evt is not null)
        {
            _state.Apply(evt);
        }

        return result;
    }

    private DeleteResult Delete(string key, long? expected = null, long now = 1000)
    {
        var (result, evt) = _state.DecideDelete(key, expected, now);
        if (evt is not null)
        {
            _state.Apply(evt);
        }

        return result;
    }

    [Fact]
    public void Live_bytes_follow_every_kind_of_change_from_the_lengths_the_slots_keep()
    {
        // key bytes + value bytes of every live key, whichever path changed it.
        _state.WriteInPlace("a", Bytes("12345"), 0, null, 1000, out _);
        Assert.Equal(1 + 5, _state.LiveBytes);
        _state.WriteInPlace("a", Bytes("12"), 0, null, 1000, out _);
        Assert.Equal(1 + 2, _state.LiveBytes);
        _state.WriteInPlace("a", Bytes("1234567"), expiresAtMs: 5000, null, 1000, out _);
        Assert.Equal(1 + 7, _state.LiveBytes);
        Set("bé", "xyz");
        Assert.Equal(1 + 7 + 3 + 3, _state.LiveBytes);
        _state.IncrementInPlace("a", 1, 1000, out _);
        Assert.Equal(1 + 7 + 3 + 3, _state.LiveBytes);
        _state.IncrementInPlace("n", 99, 1000, out _);
        Assert.Equal(1 + 7 + 3 + 3 + 1 + 2, _state.LiveBytes);
        Delete("bé");
        Assert.Equal(1 + 7 + 1 + 2, _state.LiveBytes);
        _state.Sweep(nowMs: 6000, tombstoneRetentionMs: 0);
        Assert.Equal(1 + 2, _state.LiveBytes);
        Assert.Equal(1, _state.LiveCount);
    }

    [Fact]
    public void Versions_start_at_one_and_go_up_by_one_per_change()
    {
        Assert.Equal(WriteResult.Written(1, created: true), Set("k", "a"));
        Assert.Equal(WriteResult.Written(2, created: false), Set("k", "b"));
        var entry = _state.Get("k", 1000)!;
        Assert.Equal("b", Encoding.UTF8.GetString(entry.Value.Span));
        Assert.Equal(2, entry.Version);
    }

    [Fact]
    public void Compare_and_set_applies_only_at_the_expected_version_and_zero_means_create()
    {
        Assert.True(Set("k", "a", new SetOptions { ExpectedVersion = 0 }).Applied);
        Assert.Equal(WriteResult.Mismatch(1), Set("k", "b", new SetOptions { ExpectedVersion = 0 }));
        Assert.Equal(WriteResult.Mismatch(1), Set("k", "b", new SetOptions { ExpectedVersion = 7 }));
        Assert.Equal(WriteResult.Written(2, false), Set("k", "b", new SetOptions { ExpectedVersion = 1 }));
    }

    [Fact]
    public void A_deleted_key_leaves_a_tombstone_so_a_recreated_key_continues_its_versions()
    {
        Set("k", "a");
        Assert.Equal(new DeleteResult(true, true, 2), Delete("k"));
        Assert.Null(_state.Get("k", 1000));
        Assert.Equal(0, _state.CurrentVersion("k", 1000));
        Assert.Equal(WriteResult.Written(3, created: true), Set("k", "again", new SetOptions { ExpectedVersion = 0 }));
        Assert.Equal(1, _state.LiveCount);
        Assert.Equal(0, _state.Tombstones);
    }

    [Fact]
    public void Deleting_a_missing_key_or_at_the_wrong_version_changes_nothing()
    {
        Assert.Equal(new DeleteResult(false, false, 0), Delete("missing"));
        Set("k", "a");
        Assert.Equal(new DeleteResult(false, true, 1), Delete("k", expected: 5));
        Assert.NotNull(_state.Get("k", 1000));
    }

    [Fact]
    public void Expired_keys_are_invisible_at_once_and_reclaimed_by_the_sweep_keeping_their_version()
    {
        Set("k", "a", new SetOptions { Ttl = TimeSpan.FromSeconds(1) }, now: 1000);
        Assert.NotNull(_state.Get("k", 1999));
        Assert.Null(_state.Get("k", 2000));
        Assert.Equal(0, _state.CountLive(2000));
        Assert.Equal(1, _state.CountLive(1999));

        _state.Sweep(2000, tombstoneRetentionMs: 60_000);
        Assert.Equal(0, _state.LiveCount);
        Assert.Equal(1, _state.Tombstones);
        Assert.Equal(WriteResult.Written(2, created: true), Set("k", "b", now: 3000));
    }

    [Fact]
    public void Reclaiming_old_tombstones_raises_the_floor_so_versions_never_go_back()
    {
        Set("k", "a");
        Set("k", "b");
        Delete("k", now: 1000);
        Assert.Equal(0, _state.Sweep(1500, tombstoneRetentionMs: 1000));
        Assert.Equal(1, _state.Sweep(2000, tombstoneRetentionMs: 1000));
        Assert.Equal(0, _state.Tombstones);
        Assert.Equal(3, _state.VersionFloor);
        Assert.Equal(4, Set("k", "c").Version);
        Assert.Equal(4, Set("fresh", "x").Version);
    }

    [Fact]
    public void Increment_parses_and_writes_decimal_text_and_treats_missing_as_zero()
    {
        var (first, evt) = _state.DecideIncrement("n", 5, 1000);
        _state.Apply(evt);
        Assert.Equal(new IncrementResult(5, 1), first);
        (first, evt) = _state.DecideIncrement("n", -7, 1000);
        _state.Apply(evt);
        Assert.Equal(new IncrementResult(-2, 2), first);
        Assert.Equal("-2", Encoding.ASCII.GetString(_state.Get("n", 1000)!.Value.Span));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData(" 1")]
    [InlineData("")]
    [InlineData("99999999999999999999")]
    public void Incrementing_a_non_integer_is_a_clear_error_that_changes_nothing(string value)
    {
        Set("k", value);
        var error = Assert.Throws<NotAnIntegerException>(() => _state.DecideIncrement("k", 1, 1000));
        Assert.Contains("'k'", error.Message);
        Assert.Contains("64-bit decimal integers", error.Message);
        Assert.Equal(1, _state.Get("k", 1000)!.Version);
    }

    [Fact]
    public void Increment_overflow_is_refused()
    {
        Set("k", long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("overflows", Assert.Throws<NotAnIntegerException>(() => _state.DecideIncrement("k", 1, 1000)).Message);
    }

    [Fact]
    public void Scan_returns_live_keys_with_the_prefix_in_order_after_the_cursor()
    {
        foreach (var key in new[] { "b/2", "a/1", "b/1", "b/3", "c/1" })
        {
            Set(key, key);
        }

        Delete("b/2");
        var page = _state.Scan("b/", null, 1, includeValues: true, 1000, out var more);
        Assert.Equal(["b/1"], page.Select(e => e.Key));
        Assert.True(more);
        page = _state.Scan("b/", "b/1", 10, includeValues: false, 1000, out more);
        Assert.Equal(["b/3"], page.Select(e => e.Key));
        Assert.False(more);
        Assert.True(page[0].Value.IsEmpty);
    }

    [Fact]
    public void Restore_undoes_an_applied_step_exactly()
    {
        Set("k", "a");
        var before = _state.Peek("k");
        Set("k", "b");
        _state.Restore("k", before);
        Assert.Equal(1, _state.Get("k", 1000)!.Version);
        _state.Restore("new", null);
        Assert.Null(_state.Peek("new"));
        Assert.Equal(1, _state.LiveCount);
    }

    [Fact]
    public void A_snapshot_round_trips_entries_tombstones_expiries_content_types_and_the_floor()
    {
        Set("a", "1", new SetOptions { ContentType = "text/plain", Ttl = TimeSpan.FromHours(1) });
        Set("b", "2");
        Delete("b");
        Set("c", "x");
        Delete("c");
        _state.Sweep(10_000_000, 1);

        var copy = new ShardState();
        var (entries, floor) = ShardSnapshotCodec.Decode(ShardSnapshotCodec.Encode(_state), "test snapshot");
        copy.Load(entries, floor);

        Assert.Equal(_state.VersionFloor, copy.VersionFloor);
        Assert.Equal(_state.AllEntries.OrderBy(e => e.Key), copy.AllEntries.OrderBy(e => e.Key));
        Assert.Equal(_state.LiveBytes, copy.LiveBytes);
    }
}
