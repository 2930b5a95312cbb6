namespace Actors.Host.Tests.Infrastructure;

/// <summary>Tests that start real server processes run one class at a time: two cores are shared with everything else.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServeProcessCollection
{
    public const string Name = "serve processes";
}
