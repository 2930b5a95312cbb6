namespace Actors.Store.Linearizability;

/// <summary>What a single-register operation does.</summary>
public enum RegisterOperationKind
{
    Read,
    Write,
    CompareAndSet,
}

/// <summary>A request to a single register (such as Jepsen's etcd test): read, write or compare-and-set.</summary>
/// <param name="Kind">The operation.</param>
/// <param name="Value">The value written by a write, or by a compare-and-set that matches.</param>
/// <param name="Expected">The value a compare-and-set expects to find.</param>
public readonly record struct RegisterInput(RegisterOperationKind Kind, long Value, long Expected)
{
    public static RegisterInput Read() => new(RegisterOperationKind.Read, 0, 0);

    public static RegisterInput Write(long value) => new(RegisterOperationKind.Write, value, 0);

    public static RegisterInput CompareAndSet(long expected, long value) => new(RegisterOperationKind.CompareAndSet, value, expected);

    public override string ToString() => Kind switch
    {
        RegisterOperationKind.Read => "read()",
        RegisterOperationKind.Write => $"write({Value})",
        _ => $"cas({Expected}, {Value})",
    };
}
