namespace Actors.Store.Linearizability;

/// <summary>
/// One register that starts empty (null) and supports read, write and compare-and-set: the object of
/// Jepsen's etcd test. The state is the register's value.
/// </summary>
/// <remarks>
/// A compare-and-set that fails did happen, as a read that found another value: it is only allowed in a
/// state that differs from the expected value. A compare-and-set against an empty register fails.
/// </remarks>
public sealed class RegisterModel : LinearizabilityModel<long?, RegisterInput, RegisterOutput>
{
    public static RegisterModel Instance { get; } = new();

    private RegisterModel()
    {
    }

    public override long? InitialState => null;

    public override bool Step(long? state, RegisterInput input, RegisterOutput output, out long? next)
    {
        next = StepWithUnknownOutput(state, input);
        return input.Kind switch
        {
            RegisterOperationKind.Read => output.Value == state,
            RegisterOperationKind.Write => true,
            _ => output.Succeeded == (state == input.Expected),
        };
    }

    public override long? StepWithUnknownOutput(long? state, RegisterInput input) => input.Kind switch
    {
        RegisterOperationKind.Read => state,
        RegisterOperationKind.Write => input.Value,
        _ => state == input.Expected ? input.Value : state,
    };

    public override bool IsReadOnly(RegisterInput input) => input.Kind == RegisterOperationKind.Read;

    public override bool IsReadOnly(RegisterInput input, RegisterOutput output) =>
        input.Kind == RegisterOperationKind.Read || input.Kind == RegisterOperationKind.CompareAndSet && !output.Succeeded;

    public override string DescribeOperation(RegisterInput input, RegisterOutput output) => input.Kind switch
    {
        RegisterOperationKind.Read => $"read() -> {DescribeState(output.Value)}",
        RegisterOperationKind.Write => $"write({input.Value})",
        _ => $"cas({input.Expected}, {input.Value}) -> {(output.Succeeded ? "ok" : "fail")}",
    };

    public override string DescribeOperation(RegisterInput input) => $"{input} -> unknown";

    public override string DescribeState(long? state) => state?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nil";
}
