namespace Actors.Store.Load;

/// <summary>
/// The lab's own cost per operation (generator, timing, histogram and acknowledgement bookkeeping, measured
/// against a strategy that does nothing) next to the fastest strategy's cost per operation.
/// </summary>
/// <param name="LabNsPerOperation">The lab's cost of one operation, in nanoseconds.</param>
/// <param name="FastestStrategy">The strategy with the lowest CPU-normalised cost per operation.</param>
/// <param name="FastestNsPerOperation">That strategy's cost per operation, lab included.</param>
/// <param name="Ratio">LabNsPerOperation ÷ FastestNsPerOperation: the share of the fastest run that was the lab.</param>
public sealed record LabOverheadResult(double LabNsPerOperation, string? FastestStrategy, double FastestNsPerOperation, double Ratio);
