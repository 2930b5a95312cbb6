namespace Actors.Store.Load;

/// <summary>How often one exception type was thrown with one message.</summary>
public sealed record ExceptionCount(string Type, string Message, long Count);
