using System.Globalization;
using System.Text;

namespace Actors.Store.Load;

/// <summary>Relative weights of the operation kinds in a workload, such as <c>read=60,write=25,increment=10,cas=5</c>.</summary>
public sealed record OperationMix(int Read, int Write, int Increment, int Cas, int Scan)
{
    public const string ExpectedForm = "comma-separated kind=weight pairs, kinds read, write, increment, cas, scan (e.g. read=60,write=25,increment=10,cas=5)";

    public static OperationMix Default { get; } = new(60, 25, 10, 5, 0);

    public int Total => Read + Write + Increment + Cas + Scan;

    public int WeightOf(OperationKind kind) => kind switch
    {
        OperationKind.Read => Read,
        OperationKind.Write => Write,
        OperationKind.Increment => Increment,
        OperationKind.Cas => Cas,
        OperationKind.Scan => Scan,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The kind a uniform draw in [0, <see cref="Total"/>) selects.</summary>
    public OperationKind Pick(int draw)
    {
        foreach (var kind in Enum.GetValues<OperationKind>())
        {
            draw -= WeightOf(kind);
            if (draw < 0)
            {
                return kind;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(draw), draw, $"A draw must be below the total weight {Total}.");
    }

    /// <summary>Parses <see cref="ExpectedForm"/>; kinds left out weigh 0.</summary>
    /// <exception cref="FormatException">The text is not a mix, with what was wrong.</exception>
    public static OperationMix Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var weights = new Dictionary<OperationKind, int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', ':');
            if (pair.Length != 2 || !Enum.TryParse<OperationKind>(pair[0].Trim(), ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            {
                throw new FormatException($"'{part}' in the mix '{text}' is not kind=weight; expected {ExpectedForm}.");
            }

            if (!int.TryParse(pair[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var weight))
            {
                throw new FormatException($"The weight of {pair[0].Trim()} in '{text}' must be a whole number ≥ 0 (was '{pair[1].Trim()}').");
            }

            if (!weights.TryAdd(kind, weight))
            {
                throw new FormatException($"{kind.ToString().ToLowerInvariant()} appears twice in the mix '{text}'.");
            }
        }

        var mix = new OperationMix(
            weights.GetValueOrDefault(OperationKind.Read),
            weights.GetValueOrDefault(OperationKind.Write),
            weights.GetValueOrDefault(OperationKind.Increment),
            weights.GetValueOrDefault(OperationKind.Cas),
            weights.GetValueOrDefault(OperationKind.Scan));
        if (mix.Total <= 0)
        {
            throw new FormatException($"The mix '{text}' has no weight: expected {ExpectedForm}.");
        }

        return mix;
    }

    /// <summary>The mix as <see cref="Parse"/> reads it, leaving out zero weights.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var kind in Enum.GetValues<OperationKind>())
        {
            if (WeightOf(kind) > 0)
            {
                text.Append(text.Length == 0 ? "" : ",").Append(kind.ToString().ToLowerInvariant()).Append('=').Append(WeightOf(kind));
            }
        }

        return text.ToString();
    }
}
