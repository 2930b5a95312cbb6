using Xunit.Sdk;

namespace Actors.Persistence.Tests.Infrastructure;

/// <summary>
/// A fact that runs against a backend. It is skipped only when its class needs PostgreSQL
/// (<see cref="IPostgresTests"/>) and ACTORS_SKIP_POSTGRES=1 asks for that explicitly; without a
/// server and without that variable, such tests run and fail with instructions.
/// </summary>
[XunitTestCaseDiscoverer("Actors.Persistence.Tests.Infrastructure.BackendFactDiscoverer", "Actors.Persistence.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BackendFactAttribute : FactAttribute
{
}
