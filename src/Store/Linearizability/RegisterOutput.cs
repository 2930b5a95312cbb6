namespace Actors.Store.Linearizability;

/// <summary>A single register's response: the value a read saw, or whether a compare-and-set matched.</summary>
/// <param name="Value">What a read returned; null when the register has never been written.</param>
/// <param name="Succeeded">Whether a compare-and-set found the expected value (writes always succeed).</param>
public readonly record struct RegisterOutput(long? Value, bool Succeeded)
{
    public static RegisterOutput ReadValue(long? value) => new(value, true);

    public static RegisterOutput Written => new(null, true);

    public static RegisterOutput CompareAndSetResult(bool succeeded) => new(null, succeeded);
}
