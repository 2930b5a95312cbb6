namespace Actors.Store.Load;

/// <summary>
/// What one worker was told: per key, the highest version acknowledged for its writes (and which write that
/// was), the increments acknowledged, and the keys whose pipelined writes a flush confirmed. Written by its
/// worker alone, read after the run by the verifier — never shared while running, so it costs no contention.
/// </summary>
internal sealed class AckLedger
{
    private readonly long[] _version;
    private readonly long[] _writeId;
    private readonly long[] _increments;
    private readonly bool[] _posted;

    public AckLedger(int keyCount)
    {
        _version = new long[keyCount];
        _writeId = new long[keyCount];
        _increments = new long[keyCount];
        _posted = new bool[keyCount];
    }

    public long AcknowledgedWrites { get; private set; }

    public long AcknowledgedIncrements { get; private set; }

    /// <summary>Two acknowledged writes of this worker to one key reported the same version: one of them was overwritten unseen.</summary>
    public long RepeatedVersions { get; private set; }

    public void Written(int key, long version, long writeId)
    {
        AcknowledgedWrites++;
        if (version > _version[key])
        {
            _version[key] = version;
            _writeId[key] = writeId;
        }
        else if (version == _version[key])
        {
            RepeatedVersions++;
        }
    }

    public void Posted(int key)
    {
        AcknowledgedWrites++;
        _posted[key] = true;
    }

    public void Incremented(int key, long delta)
    {
        AcknowledgedIncrements++;
        _increments[key] += delta;
    }

    public long VersionOf(int key) => _version[key];

    public long WriteIdOf(int key) => _writeId[key];

    public long IncrementsOf(int key) => _increments[key];

    public bool WasPosted(int key) => _posted[key];
}
