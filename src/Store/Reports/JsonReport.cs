using System.Text.Json;
using System.Text.Json.Serialization;
using Actors.Store.Load;
using Actors.Store.Scenarios;

namespace Actors.Store.Reports;

/// <summary>
/// The machine-readable result files: camelCase properties, enums as words, one entry per strategy with its
/// name as <c>strategy</c> and its correctness counts.
/// </summary>
public static class JsonReport
{
    public static JsonSerializerOptions SerializerOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string Serialize(BenchReport report) => JsonSerializer.Serialize(report, SerializerOptions);

    public static string Serialize(ScenarioReport report) => JsonSerializer.Serialize(report, SerializerOptions);

    public static BenchReport? DeserializeBench(string json) => JsonSerializer.Deserialize<BenchReport>(json, SerializerOptions);

    public static Task WriteAsync(BenchReport report, string path, CancellationToken cancellationToken = default) =>
        ReportFile.WriteAsync(path, Serialize(report), cancellationToken);

    public static Task WriteAsync(ScenarioReport report, string path, CancellationToken cancellationToken = default) =>
        ReportFile.WriteAsync(path, Serialize(report), cancellationToken);
}
