using Actors.Configuration.Hocon;

namespace Actors.Tests.Configuration.Hocon;

/// <summary>
/// The equivalence suites of lightbend/config (shared/conformance/hocon-equivalence): in each folder every
/// <c>.conf</c>/<c>.json</c> must resolve to the same tree as <c>original.json</c>.
/// </summary>
public sealed class HoconEquivalenceTests
{
    public static TheoryData<string, string> Documents()
    {
        var data = new TheoryData<string, string>();
        foreach (var folder in Directory.GetDirectories(EquivalenceRoot()).Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                if (name != "original.json" && (name.EndsWith(".conf", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal)))
                {
                    data.Add(Path.GetFileName(folder), name);
                }
            }
        }

        return data;
    }

    [Fact]
    public void The_conformance_folders_are_present()
    {
        Assert.True(Documents().Count() >= 12, $"expected the equivalence documents under {EquivalenceRoot()}");
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_document_resolves_to_the_tree_of_original_json(string folder, string file)
    {
        var directory = Path.Combine(EquivalenceRoot(), folder);
        var expected = HoconTestSupport.CanonicalJson(File.ReadAllText(Path.Combine(directory, "original.json")));

        var config = HoconConfig.ParseFile(Path.Combine(directory, file), HoconOptions.NoEnvironment);

        Assert.Equal(expected, HoconTestSupport.Canonical(config.Root));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_document_survives_a_round_trip_through_rendering(string folder, string file)
    {
        var config = HoconConfig.ParseFile(Path.Combine(EquivalenceRoot(), folder, file), HoconOptions.NoEnvironment);

        var fromHocon = HoconTestSupport.Parse(config.ToHocon());
        var fromJson = HoconTestSupport.Parse(config.ToJson());

        Assert.Equal(HoconTestSupport.Canonical(config.Root), HoconTestSupport.Canonical(fromHocon.Root));
        Assert.Equal(HoconTestSupport.Canonical(config.Root), HoconTestSupport.Canonical(fromJson.Root));
    }

    private static string EquivalenceRoot() =>
        Path.GetFullPath(Path.Combine(HoconTestSupport.RepositoryRoot(), "..", "shared", "conformance", "hocon-equivalence"));
}
