namespace Actors.Host.Metrics;

/// <summary>Endpoint metadata: the <c>route</c> tag under which the endpoint's requests are measured (several endpoints may share one).</summary>
internal sealed record MetricsRoute(string Name);
