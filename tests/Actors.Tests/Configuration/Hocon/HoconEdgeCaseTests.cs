using Actors.Configuration.Hocon;
using static Actors.Tests.Configuration.Hocon.HoconTestSupport;

namespace Actors.Tests.Configuration.Hocon;

/// <summary>Cases where the lazy resolution and the merge stacks interact.</summary>
public sealed class HoconEdgeCaseTests
{
    [Fact]
    public void An_object_merged_over_a_substitution_may_refer_to_its_own_fields()
    {
        var config = Parse("""
            b = { z = 0 }
            a : ${b}
            a { x : 1, y : ${a.x} }
            """);
        AssertTree("""{ "z": 0, "x": 1, "y": 1 }""", config.GetConfig("a"));
    }

    [Fact]
    public void An_object_in_a_self_referential_concatenation_sees_the_earlier_value()
    {
        var config = Parse("""
            a = { x = 1 }
            a = ${a} { y = ${a.x} }
            """);
        AssertTree("""{ "x": 1, "y": 1 }""", config.GetConfig("a"));
    }

    [Fact]
    public void A_chain_through_another_field_resolves_from_below()
    {
        var config = Parse("""
            x = 1
            y = ${x}
            x = ${y}
            """);
        Assert.Equal(1, config.GetInt("x"));
        Assert.Equal(1, config.GetInt("y"));
    }

    [Fact]
    public void The_same_array_substituted_twice_concatenates()
    {
        Assert.Equal([1, 2, 1, 2], Parse("a = [1, 2]\nb = ${a} ${a}").GetIntList("b"));
    }

    [Fact]
    public void Windows_line_endings_and_a_byte_order_mark_are_whitespace()
    {
        var config = Parse("\uFEFFa = foo\r\nb = [1,\r\n2]\r\nc { d = x }\r\n");
        AssertTree("""{ "a": "foo", "b": [1, 2], "c": { "d": "x" } }""", config);
    }

    [Fact]
    public void A_substitution_in_an_array_element_object_looks_up_absolute_paths()
    {
        var config = Parse("""
            port = 80
            servers = [ { port = ${port} }, { port = 81 } ]
            """);
        Assert.Equal([80, 81], config.GetConfigList("servers").Select(s => s.GetInt("port")));
    }

    [Fact]
    public void A_resolved_value_keeps_the_origin_of_its_definition()
    {
        var config = Parse("a = 1\nb = ${a}");
        Assert.Equal(new HoconOrigin("<string>", 1, 5), config.GetValue("b").Origin);
    }

    [Fact]
    public void Deeply_nested_documents_resolve()
    {
        var text = string.Concat(Enumerable.Repeat("a {", 200)) + "x = 1" + new string('}', 200) + "\ny = ${" + string.Join('.', Enumerable.Repeat("a", 200)) + ".x}";
        Assert.Equal(1, Parse(text).GetInt("y"));
    }
}
