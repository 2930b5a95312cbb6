using Actors.Store.Load;

namespace Actors.Store.Scenarios;

/// <summary>One scenario against one strategy: the verdict, the rounds it took, and the counts behind it (summed over rounds).</summary>
public sealed record ScenarioOutcome(string Strategy, Verdict Verdict, string VerdictDetail, int Rounds, double ElapsedSeconds, CorrectnessCounts Counts);
