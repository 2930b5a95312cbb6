namespace Actors.Persistence.Tests.Infrastructure;

/// <summary>Marks a test class that needs the private PostgreSQL server (see <see cref="TestPostgres"/>).</summary>
public interface IPostgresTests
{
}
