using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Actors.Host.Tests.Infrastructure;

/// <summary>One sample line of a Prometheus text exposition.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// Reads a <c>/metrics</c> page for assertions that do not depend on label order (OpenTelemetry's exporter adds
/// <c>otel_scope_*</c> labels first). <see cref="ParseWithPrometheusClientAsync"/> has the reference parser
/// (Python's <c>prometheus_client</c>) read it as well.
/// </summary>
internal sealed class PrometheusText
{
    private PrometheusText(string text, IReadOnlyDictionary<string, string> types, IReadOnlyList<PrometheusSample> samples)
    {
        Text = text;
        Types = types;
        Samples = samples;
    }

    public string Text { get; }

    /// <summary>Each family's <c># TYPE</c>.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    public static PrometheusText Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<PrometheusSample>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.True(types.TryAdd(parts[2], parts[3]), $"family declared twice: {line}");
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            samples.Add(ParseSample(line));
        }

        return new PrometheusText(text, types, samples);
    }

    /// <summary>The samples named <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    public IEnumerable<PrometheusSample> Find(string name, params (string Key, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value));

    /// <summary>The sum of the matching samples' values (0 if none).</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) => Find(name, labels).Sum(s => s.Value);

    /// <summary>
    /// Parses <paramref name="text"/> with <c>prometheus_client.parser.text_string_to_metric_families</c> (Debian's
    /// <c>python3-prometheus-client</c>, which the test command installs) and returns the family names and types it read.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ParseWithPrometheusClientAsync(string text)
    {
        const string Script = """
            import sys
            from prometheus_client.parser import text_string_to_metric_families
            for family in text_string_to_metric_families(sys.stdin.read()):
                for sample in family.samples:
                    float(sample.value)
                print(family.name, family.type, len(family.samples))
            """;
        var info = new ProcessStartInfo("/usr/bin/python3", ["-c", Script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(info)!;
        var output = python.StandardOutput.ReadToEndAsync();
        var error = python.StandardError.ReadToEndAsync();
        await python.StandardInput.WriteAsync(text);
        python.StandardInput.Close();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, $"prometheus_client refused the exposition: {await error}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static PrometheusSample ParseSample(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{');
        var space = line.IndexOf(' ');
        string name;
        int rest;
        if (brace >= 0 && brace < space)
        {
            name = line[..brace];
            var i = brace + 1;
            while (line[i] != '}')
            {
                var equals = line.IndexOf('=', i);
                var key = line[i..equals];
                Assert.Equal('"', line[equals + 1]);
                var value = new StringBuilder();
                var j = equals + 2;
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] switch { 'n' => '\n', var c => c });
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }

                labels[key] = value.ToString();
                i = j + 1;
                if (line[i] == ',')
                {
                    i++;
                }
            }

            rest = i + 2;
        }
        else
        {
            name = line[..space];
            rest = space + 1;
        }

        var text = line[rest..].Split(' ')[0];
        var number = text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(name, labels, number);
    }
}
