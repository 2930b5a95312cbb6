using Actors.Configuration.Hocon;
using static Actors.Tests.Configuration.Hocon.HoconTestSupport;

namespace Actors.Tests.Configuration.Hocon;

/// <summary>HOCON.md "Path expressions" and "Paths as keys".</summary>
public sealed class HoconPathTests
{
    [Fact]
    public void A_path_key_expands_into_nested_objects_that_merge()
    {
        AssertTree("""{ "foo": { "bar": { "baz": 42 } } }""", Parse("foo.bar.baz : 42"));
        AssertTree("""{ "a": { "x": 42, "y": 43 } }""", Parse("a.x : 42, a.y : 43"));
    }

    [Theory]
    [InlineData("\"a.b\".c = 1", new[] { "a.b", "c" })]
    [InlineData("foo.bar.\"hello.world\" = 1", new[] { "foo", "bar", "hello.world" })]
    [InlineData("10.0 = 1", new[] { "10", "0" })]
    [InlineData("10.0foo = 1", new[] { "10", "0foo" })]
    [InlineData("foo10.0 = 1", new[] { "foo10", "0" })]
    [InlineData("foo\"10.0\" = 1", new[] { "foo10.0" })]
    [InlineData("1.2.3 = 1", new[] { "1", "2", "3" })]
    [InlineData("3.14 = 1", new[] { "3", "14" })]
    [InlineData("true = 1", new[] { "true" })]
    [InlineData("a b c = 1", new[] { "a b c" })]
    [InlineData("a.\"\".b = 1", new[] { "a", "", "b" })]
    [InlineData("a . b = 1", new[] { "a ", " b" })]
    public void Keys_are_path_expressions(string document, string[] expected)
    {
        HoconValue node = Parse(document).Root;
        foreach (var key in expected)
        {
            var obj = Assert.IsType<HoconObject>(node);
            Assert.Equal([key], obj.Keys);
            node = obj[key];
        }

        Assert.Equal("1", Assert.IsType<HoconScalar>(node).Text);
    }

    [Fact]
    public void Substitution_paths_follow_the_same_rules()
    {
        var config = Parse("""
            "a.b" { c = 1 }
            10 { 0 = two }
            x = ${"a.b".c}
            y = ${10.0}
            z = ${?"a.b" . c}
            """);
        Assert.Equal(1, config.GetInt("x"));
        Assert.Equal("two", config.GetString("y"));
        Assert.False(config.HasPath("z"), "the path is \"a.b \".\" c\", which does not exist");
    }

    [Theory]
    [InlineData("a.b.c", "a.b.c")]
    [InlineData("a.\"b.c\"", "a.\"b.c\"")]
    [InlineData("\"\"", "\"\"")]
    [InlineData("actors.ask-timeout", "actors.ask-timeout")]
    [InlineData("a . \"x y\"", "\"a \".\" x y\"")]
    public void HoconPath_parses_and_renders_paths(string text, string rendered)
    {
        var path = HoconPath.Parse(text);
        Assert.Equal(rendered, path.ToString());
        Assert.Equal(path, HoconPath.Parse(path.ToString()));
    }

    [Theory]
    [InlineData("a..b", "1:3")]
    [InlineData(".a", "1:1")]
    [InlineData("a.", "1:2")]
    [InlineData("x = 1\nfoo.\"\"..b", "2:8")]
    public void Empty_unquoted_path_elements_are_errors(string key, string position)
    {
        var error = Assert.Throws<HoconParseException>(() => Parse(key + " = 1"));
        Assert.Contains("<string>:" + position, error.Message);
        Assert.Contains("expected a key", error.Message);
    }
}
