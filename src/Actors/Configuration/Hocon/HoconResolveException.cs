namespace Actors.Configuration.Hocon;

/// <summary>A substitution could not be resolved: it is undefined, part of a cycle, or concatenates incompatible values.</summary>
public sealed class HoconResolveException : HoconException
{
    public HoconResolveException(HoconOrigin origin, string message)
        : base(origin, message)
    {
    }
}
