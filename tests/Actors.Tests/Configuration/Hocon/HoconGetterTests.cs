using Actors.Configuration.Hocon;
using static Actors.Tests.Configuration.Hocon.HoconTestSupport;

namespace Actors.Tests.Configuration.Hocon;

/// <summary>The typed getters, with the spec's automatic conversions and the error messages for bad values.</summary>
public sealed class HoconGetterTests
{
    private static readonly HoconConfig Config = Parse("""
        actors {
          ask-timeout = 5s
          idle = 250
          name = "system"
          enabled = on
          disabled = no
          threads = 8
          threads-text = "16"
          ratio = 0.75
          big = 9000000000
          buffer = 64KiB
          disk = 10MB
          bare-size = 512
          nothing = null
          tags = [a, b, 3]
          timeouts = [1s, 500ms, 2]
          sizes = [1K, 1kB]
          flags = [true, off]
          routes = [ { path = "/a", port = 1 }, { path = "/b", port = 2 } ]
          indexed { "1" : second, "0" : first, "x" : ignored }
          empty-list = []
        }
        """);

    [Fact]
    public void Scalars_convert_as_the_spec_recommends()
    {
        Assert.Equal("system", Config.GetString("actors.name"));
        Assert.Equal("8", Config.GetString("actors.threads"));
        Assert.Equal("true", Config.GetString("actors.flags.0", "true"));
        Assert.True(Config.GetBoolean("actors.enabled"));
        Assert.False(Config.GetBoolean("actors.disabled"));
        Assert.Equal(8, Config.GetInt("actors.threads"));
        Assert.Equal(16, Config.GetInt("actors.threads-text"));
        Assert.Equal(9_000_000_000L, Config.GetLong("actors.big"));
        Assert.Equal(0.75, Config.GetDouble("actors.ratio"));
        Assert.Equal(8.0, Config.GetDouble("actors.threads"));
    }

    [Fact]
    public void Durations_and_sizes_read_units_and_bare_numbers()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Config.GetDuration("actors.ask-timeout"));
        Assert.Equal(TimeSpan.FromMilliseconds(250), Config.GetDuration("actors.idle"));
        Assert.Equal(64 * 1024L, Config.GetBytes("actors.buffer"));
        Assert.Equal(10_000_000L, Config.GetBytes("actors.disk"));
        Assert.Equal(512L, Config.GetBytes("actors.bare-size"));
    }

    [Fact]
    public void Lists_of_each_type()
    {
        Assert.Equal(["a", "b", "3"], Config.GetStringList("actors.tags"));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(2)], Config.GetDurationList("actors.timeouts"));
        Assert.Equal([1024L, 1000L], Config.GetBytesList("actors.sizes"));
        Assert.Equal([true, false], Config.GetBooleanList("actors.flags"));
        Assert.Equal([8L], Parse("a = [8]").GetLongList("a"));
        Assert.Equal([1.5], Parse("a = [1.5]").GetDoubleList("a"));
        Assert.Empty(Config.GetList("actors.empty-list"));

        var routes = Config.GetConfigList("actors.routes");
        Assert.Equal(["/a", "/b"], routes.Select(r => r.GetString("path")));
        Assert.Equal([1, 2], routes.Select(r => r.GetInt("port")));
    }

    [Fact]
    public void A_numerically_indexed_object_reads_as_a_list()
    {
        Assert.Equal(["first", "second"], Config.GetStringList("actors.indexed"));
        Assert.Equal(["a", "b"], Parse("list.0 = a\nlist.1 = b").GetStringList("list"));
    }

    [Fact]
    public void HasPath_is_false_for_missing_and_null_values()
    {
        Assert.True(Config.HasPath("actors.threads"));
        Assert.True(Config.HasPath("actors"));
        Assert.False(Config.HasPath("actors.missing"));
        Assert.False(Config.HasPath("actors.threads.deeper"));
        Assert.False(Config.HasPath("actors.nothing"));
        Assert.True(Config.TryGetValue("actors.nothing", out var value));
        Assert.Equal(HoconValueType.Null, value.Type);
    }

    [Fact]
    public void Defaults_apply_to_missing_and_null_paths_only()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), Config.GetDuration("actors.missing", TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(1), Config.GetDuration("actors.nothing", TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(5), Config.GetDuration("actors.ask-timeout", TimeSpan.FromSeconds(1)));
        Assert.Equal(3, Config.GetInt("actors.missing", 3));
        Assert.Equal(3L, Config.GetLong("actors.missing", 3));
        Assert.Equal(1.5, Config.GetDouble("actors.missing", 1.5));
        Assert.True(Config.GetBoolean("actors.missing", true));
        Assert.Equal("d", Config.GetString("actors.missing", "d"));
        Assert.Equal(7L, Config.GetBytes("actors.missing", 7));
        Assert.Throws<HoconException>(() => Config.GetInt("actors.name", 3));
    }

    [Fact]
    public void GetConfig_returns_a_subtree_with_relative_paths()
    {
        var actors = Config.GetConfig("actors");
        Assert.Equal(8, actors.GetInt("threads"));
        Assert.Same(Config.GetObject("actors"), actors.Root);
    }

    [Fact]
    public void The_root_tree_is_accessible()
    {
        var actors = Assert.IsType<HoconObject>(Config.Root["actors"]);
        Assert.Equal("ask-timeout", actors.Keys.First());
        Assert.Equal(HoconValueType.Array, actors["tags"].Type);
        Assert.Equal(new HoconOrigin("<string>", 2, 17), actors["ask-timeout"].Origin);
    }

    [Theory]
    [InlineData("actors.missing", "No configuration value at 'actors.missing': 'actors' (an object at <string>:1:8) has no key 'missing'")]
    [InlineData("nothere.x", "No configuration value at 'nothere.x': the root object has no key 'nothere'")]
    [InlineData("actors.threads.x", "No configuration value at 'actors.threads.x': 'actors.threads' (the number 8 at <string>:7:13) has no key 'x'")]
    public void A_missing_path_is_an_error_naming_it(string path, string expected)
    {
        var error = Assert.Throws<HoconException>(() => Config.GetString(path));
        Assert.Equal(expected, error.Message);
        Assert.Throws<HoconException>(() => Config.GetDuration(path));
        Assert.Throws<HoconException>(() => Config.GetConfig(path));
        Assert.Throws<HoconException>(() => Config.GetStringList(path));
    }

    [Fact]
    public void A_wrong_type_names_the_path_the_found_type_and_the_accepted_forms()
    {
        var error = Assert.Throws<HoconException>(() => Config.GetDuration("actors.name"));
        Assert.Equal(
            "<string>:4:10: invalid value at 'actors.name': expected a duration such as 500ms, 5s, 2m, 1h or 1d (units: ns, us, ms, s, m, h, d; a bare number is milliseconds) but found the string \"system\"",
            error.Message);

        Assert.Contains("expected a size in bytes such as 512, 64KiB", Assert.Throws<HoconException>(() => Config.GetBytes("actors.ask-timeout")).Message);
        Assert.Contains("expected a boolean (true/false, yes/no, on/off) but found the number 8", Assert.Throws<HoconException>(() => Config.GetBoolean("actors.threads")).Message);
        Assert.Contains("expected a 32-bit integer but found the number 9000000000", Assert.Throws<HoconException>(() => Config.GetInt("actors.big")).Message);
        Assert.Contains("expected a 64-bit integer but found the number 0.75", Assert.Throws<HoconException>(() => Config.GetLong("actors.ratio")).Message);
        Assert.Contains("'actors.nothing': expected a string but found null", Assert.Throws<HoconException>(() => Config.GetString("actors.nothing")).Message);
        Assert.Contains("expected an object but found the string \"system\"", Assert.Throws<HoconException>(() => Config.GetConfig("actors.name")).Message);
        Assert.Contains("expected an array but found an object", Assert.Throws<HoconException>(() => Config.GetList("actors")).Message);
        Assert.Contains("'actors.tags' (element 0): expected a list of 32-bit integers but found the string \"a\"", Assert.Throws<HoconException>(() => Config.GetIntList("actors.tags")).Message);
        Assert.Contains("expected a string but found an array", Assert.Throws<HoconException>(() => Config.GetString("actors.tags")).Message);
    }

    [Fact]
    public void WithFallback_merges_with_this_configuration_winning()
    {
        var user = Parse("a { x = 1 }\nb = user");
        var reference = Parse("a { x = 0, y = 2 }\nb = reference\nc = 3");

        var merged = user.WithFallback(reference);

        AssertTree("""{ "a": { "x": 1, "y": 2 }, "b": "user", "c": 3 }""", merged);
    }

    [Fact]
    public void A_non_object_hides_fallback_objects_below_it()
    {
        var merged = Parse("a { x = 1 }").WithFallback(Parse("a = 42")).WithFallback(Parse("a { y = 2 }"));
        AssertTree("""{ "a": { "x": 1 } }""", merged);

        var adjacent = Parse("a { x = 1 }").WithFallback(Parse("a { y = 2 }")).WithFallback(Parse("a = 42"));
        AssertTree("""{ "a": { "x": 1, "y": 2 } }""", adjacent);
    }
}
