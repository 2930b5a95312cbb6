namespace Actors.Store.Linearizability;

/// <summary>A Jepsen log line that the parser cannot read, with where it is and what was expected.</summary>
public sealed class JepsenLogFormatException : FormatException
{
    public JepsenLogFormatException(string source, int lineNumber, string problem, string line)
        : base($"{source}:{lineNumber}: {problem}{Environment.NewLine}    {line}")
    {
        Source = source;
        LineNumber = lineNumber;
        Problem = problem;
        Line = line;
    }

    /// <summary>The file (or other source) being parsed.</summary>
    public new string Source { get; }

    /// <summary>The 1-based number of the offending line.</summary>
    public int LineNumber { get; }

    /// <summary>What was wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>The offending line as read.</summary>
    public string Line { get; }
}
