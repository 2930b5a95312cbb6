using System.Globalization;

namespace Actors.Store.Linearizability;

/// <summary>
/// Reads the history of a Jepsen single-register test (such as etcd's) from its log: lines of the form
/// <c>INFO  jepsen.util - &lt;process&gt; :invoke|:ok|:fail|:info :read|:write|:cas &lt;value&gt;</c>,
/// separated by tabs or spaces.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Times are line numbers: an operation is called at its <c>:invoke</c> line and returns at the line
/// that completes it.</item>
/// <item><c>:ok</c> is a success. <c>:fail :cas</c> is a compare that did not match: it happened, with a
/// false result. Any other <c>:fail</c> did not happen and is left out, except <c>:fail … :timed-out</c>,
/// whose outcome is unknown.</item>
/// <item><c>:info</c> is an unknown outcome: the operation stays open past the end of the history. Jepsen
/// then gives the crashed process's thread to a new process, so the process id is free again (whether the
/// next process reuses it or not); an operation still open at the end of the log is unknown as well.</item>
/// <item>Blank lines and lines of other loggers, or of the nemesis, are skipped.</item>
/// </list>
/// </remarks>
public static class JepsenLogParser
{
    private const string Logger = "jepsen.util";

    /// <summary>Parses the log at <paramref name="path"/>.</summary>
    /// <exception cref="JepsenLogFormatException">A line of the log is malformed or inconsistent.</exception>
    public static IReadOnlyList<Operation<RegisterInput, RegisterOutput>> ParseFile(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>Parses a log read from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="JepsenLogFormatException">A line of the log is malformed or inconsistent.</exception>
    public static IReadOnlyList<Operation<RegisterInput, RegisterOutput>> Parse(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);

        // Operations in invocation order; null where an operation turned out not to have happened.
        var operations = new List<Operation<RegisterInput, RegisterOutput>?>();
        var open = new Dictionary<int, OpenOperation>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var tokens = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length < 3 || tokens[1] != Logger || tokens[2] != "-" || tokens.Length > 3 && tokens[3] == ":nemesis")
            {
                continue;
            }

            var error = (string problem) => new JepsenLogFormatException(source, lineNumber, problem, line);
            if (tokens.Length < 7)
            {
                throw error("expected '<process> <:invoke|:ok|:fail|:info> <:read|:write|:cas> <value>' after 'jepsen.util -'.");
            }

            if (!int.TryParse(tokens[3], NumberStyles.None, CultureInfo.InvariantCulture, out var process))
            {
                throw error($"expected a process number, found '{tokens[3]}'.");
            }

            var kind = tokens[5] switch
            {
                ":read" => RegisterOperationKind.Read,
                ":write" => RegisterOperationKind.Write,
                ":cas" => RegisterOperationKind.CompareAndSet,
                _ => throw error($"expected ':read', ':write' or ':cas', found '{tokens[5]}'."),
            };

            var value = string.Join(' ', tokens, 6, tokens.Length - 6);
            switch (tokens[4])
            {
                case ":invoke":
                    if (open.TryGetValue(process, out var pending))
                    {
                        throw error($"process {process} invokes a new operation while its {Name(pending.Input.Kind)} from line {pending.Line} is still open.");
                    }

                    open[process] = new OpenOperation(ParseInput(kind, value, error), lineNumber, operations.Count);
                    operations.Add(null);
                    break;

                case ":ok":
                {
                    var invoked = Complete(open, process, kind, error);
                    var output = kind switch
                    {
                        RegisterOperationKind.Read => RegisterOutput.ReadValue(ParseReadValue(value, error)),
                        RegisterOperationKind.Write => RegisterOutput.Written,
                        _ => RegisterOutput.CompareAndSetResult(true),
                    };
                    ExpectSameArguments(invoked, kind, value, error);
                    operations[invoked.Index] = Operation.Completed(process, invoked.Input, invoked.Line, output, lineNumber);
                    break;
                }

                case ":fail":
                {
                    var invoked = Complete(open, process, kind, error);
                    if (value == ":timed-out")
                    {
                        operations[invoked.Index] = Operation.Unknown<RegisterInput, RegisterOutput>(process, invoked.Input, invoked.Line);
                    }
                    else if (kind == RegisterOperationKind.CompareAndSet)
                    {
                        ExpectSameArguments(invoked, kind, value, error);
                        operations[invoked.Index] = Operation.Completed(
                            process, invoked.Input, invoked.Line, RegisterOutput.CompareAndSetResult(false), lineNumber);
                    }

                    // Any other failure is definite: the operation did not happen, and its slot stays null.
                    break;
                }

                case ":info":
                {
                    var invoked = Complete(open, process, kind, error);
                    operations[invoked.Index] = Operation.Unknown<RegisterInput, RegisterOutput>(process, invoked.Input, invoked.Line);
                    break;
                }

                default:
                    throw error($"expected ':invoke', ':ok', ':fail' or ':info', found '{tokens[4]}'.");
            }
        }

        foreach (var (process, invoked) in open)
        {
            operations[invoked.Index] = Operation.Unknown<RegisterInput, RegisterOutput>(process, invoked.Input, invoked.Line);
        }

        return operations.OfType<Operation<RegisterInput, RegisterOutput>>().ToList();
    }

    private static OpenOperation Complete(
        Dictionary<int, OpenOperation> open, int process, RegisterOperationKind kind, Func<string, JepsenLogFormatException> error)
    {
        if (!open.Remove(process, out var invoked))
        {
            throw error($"process {process} completes a {Name(kind)} it never invoked (or already completed).");
        }

        if (invoked.Input.Kind != kind)
        {
            throw error($"process {process} completes a {Name(kind)}, but it invoked a {Name(invoked.Input.Kind)} at line {invoked.Line}.");
        }

        return invoked;
    }

    private static RegisterInput ParseInput(RegisterOperationKind kind, string value, Func<string, JepsenLogFormatException> error)
    {
        switch (kind)
        {
            case RegisterOperationKind.Read:
                return value == "nil" ? RegisterInput.Read() : throw error($"expected 'nil' as the argument of :read, found '{value}'.");
            case RegisterOperationKind.Write:
                return RegisterInput.Write(ParseNumber(value, "the value of :write", error));
            default:
                var (expected, next) = ParsePair(value, error);
                return RegisterInput.CompareAndSet(expected, next);
        }
    }

    private static void ExpectSameArguments(
        OpenOperation invoked, RegisterOperationKind kind, string value, Func<string, JepsenLogFormatException> error)
    {
        if (kind != RegisterOperationKind.Read && ParseInput(kind, value, error) != invoked.Input)
        {
            throw error($"the completion's arguments '{value}' differ from those invoked at line {invoked.Line} ({invoked.Input}).");
        }
    }

    private static long? ParseReadValue(string value, Func<string, JepsenLogFormatException> error) =>
        value == "nil" ? null : ParseNumber(value, "the value read ('nil' or a number)", error);

    private static (long Expected, long Value) ParsePair(string value, Func<string, JepsenLogFormatException> error)
    {
        var parts = value.Length >= 2 && value[0] == '[' && value[^1] == ']'
            ? value[1..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : [];
        if (parts.Length != 2)
        {
            throw error($"expected '[<expected> <new>]' as the argument of :cas, found '{value}'.");
        }

        return (ParseNumber(parts[0], "the expected value of :cas", error), ParseNumber(parts[1], "the new value of :cas", error));
    }

    private static long ParseNumber(string text, string what, Func<string, JepsenLogFormatException> error) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw error($"expected a number as {what}, found '{text}'.");

    private static string Name(RegisterOperationKind kind) => kind switch
    {
        RegisterOperationKind.Read => ":read",
        RegisterOperationKind.Write => ":write",
        _ => ":cas",
    };

    /// <summary>An invocation waiting for its completion: what was asked, on which line, and its slot.</summary>
    private readonly record struct OpenOperation(RegisterInput Input, int Line, int Index);
}
