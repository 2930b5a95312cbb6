using Actors.Configuration.Hocon;
using static Actors.Tests.Configuration.Hocon.HoconTestSupport;

namespace Actors.Tests.Configuration.Hocon;

/// <summary>HOCON.md "Value concatenation": strings, arrays and objects.</summary>
public sealed class HoconConcatenationTests
{
    [Fact]
    public void Whitespace_between_simple_values_is_kept_and_around_them_trimmed()
    {
        var config = Parse("a =   foo   bar \t baz   \nb = null bar 42 baz true 3.14 hi");
        Assert.Equal("foo   bar \t baz", config.GetString("a"));
        Assert.Equal("null bar 42 baz true 3.14 hi", config.GetString("b"));
    }

    [Fact]
    public void Quoted_and_unquoted_pieces_join_without_a_separator()
    {
        Assert.Equal("foo bar.baz", Parse("a = foo\" bar\".baz").GetString("a"));
    }

    [Fact]
    public void A_single_value_keeps_its_type_but_several_become_a_string()
    {
        var config = Parse("a = true\nb = true false\nc = 1 2");
        Assert.Equal(HoconValueType.Boolean, config.GetValue("a").Type);
        Assert.Equal("true false", config.GetString("b"));
        Assert.Equal(HoconValueType.String, config.GetValue("c").Type);
    }

    [Fact]
    public void Non_newline_whitespace_in_an_array_concatenates_instead_of_separating()
    {
        var config = Parse("a = [ 1 2 3 4 ]\nb = [ [ 1, 2 ] [ 3, 4 ] ]\nc = [ [ 1, 2 ]\n [ 3, 4 ] ]");
        AssertTree("""{ "a": ["1 2 3 4"], "b": [[1, 2, 3, 4]], "c": [[1, 2], [3, 4]] }""", config);
    }

    [Fact]
    public void Arrays_concatenate_with_arrays()
    {
        AssertTree("""{ "a": [1, 2, 3, 4] }""", Parse("a = [ 1, 2 ] [ 3, 4 ]"));
    }

    [Fact]
    public void Objects_concatenate_by_merging()
    {
        AssertTree("""{ "a": { "b": 1, "c": 3 } }""", Parse("a = { b : 1, c : 2 } { c : 3 }"));
        AssertTree("""{ "a": { "b": 1, "c": 2 } }""", Parse("a { b : 1 } { c : 2 }"));
    }

    [Fact]
    public void Substitutions_concatenate_with_strings()
    {
        var config = Parse("""
            animal.favorite = dog
            a = ${animal.favorite} is my favorite animal
            b = ${animal.favorite}" is my favorite animal"
            n = 42
            c = ${n}${n}
            """);
        Assert.Equal("dog is my favorite animal", config.GetString("a"));
        Assert.Equal("dog is my favorite animal", config.GetString("b"));
        Assert.Equal("4242", config.GetString("c"));
    }

    [Fact]
    public void Substitutions_concatenate_with_arrays_and_objects()
    {
        var config = Parse("""
            data-center-generic = { cluster-size = 6 }
            data-center-east = ${data-center-generic} { name = "east" }
            path = [ /bin ]
            path = ${path} [ /usr/bin ]
            """);
        AssertTree(
            """{ "data-center-generic": { "cluster-size": 6 }, "data-center-east": { "cluster-size": 6, "name": "east" }, "path": ["/bin", "/usr/bin"] }""",
            config);
    }

    [Fact]
    public void An_object_with_numeric_keys_concatenates_with_an_array()
    {
        var config = Parse("""
            o { "1" : b, "0" : a }
            a = ${o} [ c ]
            """);
        Assert.Equal(["a", "b", "c"], config.GetStringList("a"));
    }
}
