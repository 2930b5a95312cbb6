using System.Buffers;

namespace Actors;

/// <summary>Validates actor names and makes the automatic ones (<c>$a</c>, <c>$b</c>, …).</summary>
internal static class ActorNames
{
    /// <summary>The characters a name may contain besides ASCII letters and digits.</summary>
    public const string AllowedPunctuation = "-_.*$+:@&=,!~';";

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" + AllowedPunctuation);

    public static string Validate(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidActorNameException("An actor name must not be empty; pass null to get an automatic name.");
        }

        if (name[0] == '$')
        {
            throw new InvalidActorNameException($"Actor name '{name}' is invalid: names starting with '$' are reserved for automatic names.");
        }

        var bad = name.AsSpan().IndexOfAnyExcept(Allowed);
        if (bad >= 0)
        {
            throw new InvalidActorNameException(
                $"Actor name '{name}' is invalid: character '{name[bad]}' at position {bad} is not allowed. " +
                $"Use ASCII letters, digits and {AllowedPunctuation}");
        }

        return name;
    }

    /// <summary>The automatic name for the <paramref name="id"/>-th unnamed child: <c>$a</c>…<c>$z</c>, <c>$ba</c>, ….</summary>
    public static string Automatic(long id)
    {
        Span<char> buffer = stackalloc char[16];
        var position = buffer.Length;
        do
        {
            buffer[--position] = (char)('a' + (int)(id % 26));
            id /= 26;
        }
        while (id > 0);

        buffer[--position] = '$';
        return new string(buffer[position..]);
    }
}
