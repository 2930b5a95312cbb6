using Actors.Configuration.Hocon;
using static Actors.Tests.Configuration.Hocon.HoconTestSupport;

namespace Actors.Tests.Configuration.Hocon;

/// <summary>HOCON.md "Includes": syntax, merging, substitution fix-up, missing and required files.</summary>
public sealed class HoconIncludeTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("hocon-include-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void An_include_is_relative_to_the_including_file()
    {
        Write("conf/app.conf", """
            include "common/base.conf"
            app.name = demo
            """);
        Write("conf/common/base.conf", """
            include "nested.conf"
            base = true
            """);
        Write("conf/common/nested.conf", "nested = 1");

        var config = Load("conf/app.conf");

        AssertTree("""{ "base": true, "nested": 1, "app": { "name": "demo" } }""", config);
    }

    [Theory]
    [InlineData("include \"other.conf\"")]
    [InlineData("include file(\"other.conf\")")]
    [InlineData("include required(\"other.conf\")")]
    [InlineData("include required(file(\"other.conf\"))")]
    [InlineData("include required( file( \"other.conf\" ) )")]
    [InlineData("include\n  \"other.conf\"")]
    public void Every_include_form_reads_the_file(string statement)
    {
        Write("other.conf", "x = 1");
        Write("app.conf", statement + "\ny = 2");

        AssertTree("""{ "x": 1, "y": 2 }""", Load("app.conf"));
    }

    [Fact]
    public void A_missing_include_is_silently_ignored()
    {
        Write("app.conf", "include \"missing.conf\"\ninclude file(\"missing-too.conf\")\na = 1");
        AssertTree("""{ "a": 1 }""", Load("app.conf"));
    }

    [Fact]
    public void A_missing_required_include_is_an_error_naming_the_place()
    {
        Write("app.conf", "a = 1\ninclude required(file(\"missing.conf\"))");

        var error = Assert.Throws<HoconParseException>(() => Load("app.conf"));

        Assert.Contains("app.conf:2:23", error.Message);
        Assert.Contains("expected the required include \"missing.conf\" to exist", error.Message);
    }

    [Fact]
    public void Included_keys_merge_in_place_of_the_statement()
    {
        Write("defaults.conf", "a = included\nb = included\no { x = 1 }");
        Write("app.conf", """
            a = before
            include "defaults.conf"
            b = after
            o { y = 2 }
            """);

        AssertTree("""{ "a": "included", "b": "after", "o": { "x": 1, "y": 2 } }""", Load("app.conf"));
    }

    [Fact]
    public void An_include_inside_an_object_nests_its_keys()
    {
        Write("pool.conf", "size = 4\nname = pool");
        Write("app.conf", "actors { dispatcher { include \"pool.conf\" } }");

        AssertTree("""{ "actors": { "dispatcher": { "size": 4, "name": "pool" } } }""", Load("app.conf"));
    }

    [Fact]
    public void Substitutions_of_an_included_file_are_fixed_up_to_its_location()
    {
        // The spec's example: ${x} in foo.conf becomes ${a.x}, which sees the later a.x = 42.
        Write("foo.conf", "{ x : 10, y : ${x} }");
        Write("app.conf", """
            a : { include "foo.conf" }
            a : { x : 42 }
            """);

        var config = Load("app.conf");

        Assert.Equal(42, config.GetInt("a.y"));
    }

    [Fact]
    public void Substitutions_of_an_included_file_fall_back_to_the_root()
    {
        Write("x.conf", "value = ${bar}\nlocal = ${baz}");
        Write("app.conf", """
            bar = from-root
            baz = from-root
            foo { baz = from-foo }
            foo { include "x.conf" }
            """);

        var config = Load("app.conf");

        Assert.Equal("from-root", config.GetString("foo.value"));
        Assert.Equal("from-foo", config.GetString("foo.local"));
    }

    [Fact]
    public void Plus_equals_in_an_included_file_appends_at_its_location()
    {
        Write("x.conf", "list += 2");
        Write("app.conf", "o { list = [1] }\no { include \"x.conf\" }");

        Assert.Equal([1, 2], Load("app.conf").GetIntList("o.list"));
    }

    [Fact]
    public void An_include_without_extension_loads_json_then_conf()
    {
        Write("settings.json", """{ "a": "json", "b": "json" }""");
        Write("settings.conf", "b = conf");
        Write("app.conf", "include \"settings\"");

        AssertTree("""{ "a": "json", "b": "conf" }""", Load("app.conf"));
    }

    [Fact]
    public void An_included_file_must_contain_an_object()
    {
        Write("list.json", "[1, 2]");
        Write("app.conf", "include \"list.json\"");

        var error = Assert.Throws<HoconParseException>(() => Load("app.conf"));

        Assert.Contains("list.json:1:1", error.Message);
        Assert.Contains("to contain an object", error.Message);
    }

    [Fact]
    public void An_include_cycle_is_an_error()
    {
        Write("a.conf", "include \"b.conf\"");
        Write("b.conf", "include \"a.conf\"");

        var error = Assert.Throws<HoconParseException>(() => Load("a.conf"));

        Assert.Contains("b.conf:1:9", error.Message);
        Assert.Contains("cycle", error.Message);
    }

    [Theory]
    [InlineData("include foo", "expected a quoted file name")]
    [InlineData("include = 1", "expected a quoted file name")]
    [InlineData("include url(\"http://example.com/x.conf\")", "not supported")]
    [InlineData("include file(\"x.conf\"", "expected ')'")]
    public void A_malformed_include_is_an_error(string statement, string expected)
    {
        var error = Assert.Throws<HoconParseException>(() => Parse(statement));
        Assert.Contains("<string>:1:", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void An_include_in_a_string_document_is_relative_to_its_base_directory()
    {
        Write("dir/other.conf", "x = 1");

        var config = HoconConfig.Load(
            HoconSource.FromString("include \"other.conf\"", baseDirectory: Path.Combine(_directory.FullName, "dir")),
            options: HoconOptions.NoEnvironment);

        Assert.Equal(1, config.GetInt("x"));
    }

    [Fact]
    public void A_reference_file_is_a_fallback_resolved_with_the_user_file()
    {
        Write("reference.conf", "actors { ask-timeout = 5s, retry-timeout = ${actors.ask-timeout} }");
        Write("application.conf", "actors.ask-timeout = 2s");

        var config = HoconConfig.Load(
            HoconSource.FromFile(Path.Combine(_directory.FullName, "application.conf")),
            HoconSource.FromFile(Path.Combine(_directory.FullName, "reference.conf")),
            HoconOptions.NoEnvironment);

        Assert.Equal(TimeSpan.FromSeconds(2), config.GetDuration("actors.retry-timeout"));
    }

    [Fact]
    public void An_optional_missing_top_level_file_is_empty_but_a_required_one_is_an_error()
    {
        var missing = Path.Combine(_directory.FullName, "missing.conf");
        var config = HoconConfig.Load([HoconSource.FromFile(missing, optional: true)], HoconOptions.NoEnvironment);
        Assert.Empty(config.Root);

        var error = Assert.Throws<HoconException>(() => HoconConfig.ParseFile(missing, HoconOptions.NoEnvironment));
        Assert.Contains("not found", error.Message);
    }

    private HoconConfig Load(string relativePath) =>
        HoconConfig.ParseFile(Path.Combine(_directory.FullName, relativePath), HoconOptions.NoEnvironment);

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_directory.FullName, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
