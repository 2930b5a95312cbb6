using System.Text;

namespace Actors;

/// <summary>
/// The hierarchical name of an actor: <c>actors://{system}/user/{parent}/{child}</c>. Paths are immutable and
/// compare by their elements; two incarnations of an actor share a path but not an <see cref="IActorRef"/>.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    /// <summary>The URI scheme of local actor paths.</summary>
    public const string Scheme = "actors";

    // For the root path this holds the address ("actors://system"); for every other path, the element name.
    private readonly string _nameOrAddress;

    private ActorPath(ActorPath? parent, string nameOrAddress)
    {
        Parent = parent;
        _nameOrAddress = nameOrAddress;
    }

    /// <summary>Creates the root path of the actor system named <paramref name="systemName"/>.</summary>
    public static ActorPath Root(string systemName) => new(null, $"{Scheme}://{systemName}");

    /// <summary>The parent path, or <see langword="null"/> for the root.</summary>
    public ActorPath? Parent { get; }

    /// <summary>The last element of the path (empty for the root).</summary>
    public string Name => Parent is null ? string.Empty : _nameOrAddress;

    /// <summary>The address of the actor system, e.g. <c>actors://app</c>.</summary>
    public string Address
    {
        get
        {
            var path = this;
            while (path.Parent is not null)
            {
                path = path.Parent;
            }

            return path._nameOrAddress;
        }
    }

    /// <summary>Number of elements below the root.</summary>
    public int Depth
    {
        get
        {
            var depth = 0;
            for (var path = this; path.Parent is not null; path = path.Parent)
            {
                depth++;
            }

            return depth;
        }
    }

    /// <summary>The path elements below the root, outermost first.</summary>
    public IReadOnlyList<string> Elements
    {
        get
        {
            var elements = new string[Depth];
            var path = this;
            for (var i = elements.Length - 1; i >= 0; i--)
            {
                elements[i] = path._nameOrAddress;
                path = path.Parent!;
            }

            return elements;
        }
    }

    /// <summary>Creates the path of a child named <paramref name="name"/>.</summary>
    public ActorPath Child(string name) => new(this, name);

    /// <summary>Equality by elements and address.</summary>
    public bool Equals(ActorPath? other)
    {
        var left = this;
        var right = other;
        while (left is not null && right is not null)
        {
            if (ReferenceEquals(left, right))
            {
                return true;
            }

            if (!string.Equals(left._nameOrAddress, right._nameOrAddress, StringComparison.Ordinal) ||
                (left.Parent is null) != (right.Parent is null))
            {
                return false;
            }

            left = left.Parent;
            right = right.Parent;
        }

        return left is null && right is null;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ActorPath other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        for (var path = this; path is not null; path = path.Parent)
        {
            hash.Add(path._nameOrAddress, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>The full path, e.g. <c>actors://app/user/store</c>.</summary>
    public override string ToString()
    {
        if (Parent is null)
        {
            return _nameOrAddress + "/";
        }

        var builder = new StringBuilder(64);
        AppendTo(builder);
        return builder.ToString();
    }

    private void AppendTo(StringBuilder builder)
    {
        if (Parent is null)
        {
            builder.Append(_nameOrAddress);
            return;
        }

        Parent.AppendTo(builder);
        builder.Append('/').Append(_nameOrAddress);
    }
}
