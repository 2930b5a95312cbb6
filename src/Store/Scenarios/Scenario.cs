namespace Actors.Store.Scenarios;

/// <summary>
/// One shape of code in which people share a map between threads, runnable against any strategy. A round
/// performs the shape once through a <see cref="ScenarioContext"/>, which records every outcome; the runner
/// then verifies the map's contents against what was acknowledged.
/// </summary>
public abstract class Scenario
{
    /// <summary>Position in the catalogue: DESIGN.md section 4, with its item 5 split into remove-racing-set and clear-during-reads.</summary>
    public abstract int Number { get; }

    /// <summary>The command-line name, such as <c>write-write</c>.</summary>
    public abstract string Name { get; }

    public abstract string Title { get; }

    /// <summary>One paragraph: the shape of code, why it breaks a plain map, and what the lab looks for.</summary>
    public abstract string Explanation { get; }

    /// <summary>Runs the shape once against <see cref="ScenarioContext.Map"/> (and any maps it creates).</summary>
    public abstract Task RunRoundAsync(ScenarioContext context);

    /// <summary>An 8-byte value that names its writer, for expectations.</summary>
    protected static byte[] Value(long n) => BitConverter.GetBytes(n);
}
