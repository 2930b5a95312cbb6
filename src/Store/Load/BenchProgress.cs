namespace Actors.Store.Load;

/// <summary>
/// A progress report of a lab run: which strategy (index of count), what it is doing, how far the measured part
/// is (0–1), and the operations so far and their current rate.
/// </summary>
public sealed record BenchProgress(string Strategy, int Index, int Count, BenchPhase Phase, double Fraction, long Operations, double OperationsPerSecond);
