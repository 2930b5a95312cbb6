using Actors.Configuration.Hocon;
using static Actors.Tests.Configuration.Hocon.HoconTestSupport;

namespace Actors.Tests.Configuration.Hocon;

/// <summary>HOCON.md "Substitutions", "Self-Referential Substitutions" and "The += field separator".</summary>
public sealed class HoconSubstitutionTests
{
    [Fact]
    public void A_substitution_keeps_the_type_of_its_target_and_may_look_forward()
    {
        var config = Parse("""
            a = ${b}
            b = { c = 42, d = [1, 2] }
            e = ${b.c}
            """);
        AssertTree("""{ "a": { "c": 42, "d": [1, 2] }, "b": { "c": 42, "d": [1, 2] }, "e": 42 }""", config);
        Assert.Equal(HoconValueType.Number, config.GetValue("e").Type);
    }

    [Fact]
    public void A_substitution_sees_the_final_merged_value()
    {
        var config = Parse("""
            a = { x = 1 }
            b = ${a}
            a = { y = 2 }
            """);
        AssertTree("""{ "x": 1, "y": 2 }""", config.GetConfig("b"));
    }

    [Fact]
    public void An_object_may_refer_to_its_own_fields()
    {
        var config = Parse("""
            bar : { foo : 42,
                    baz : ${bar.foo}
                  }
            bar : { foo : 43 }
            """);
        Assert.Equal(43, config.GetInt("bar.baz"));
    }

    [Fact]
    public void Mutually_referring_objects_look_forward()
    {
        var config = Parse("""
            bar : { a : ${foo.d}, b : 1 }
            bar.b = 3
            foo : { c : ${bar.b}, d : 2 }
            foo.d = 4
            """);
        Assert.Equal(4, config.GetInt("bar.a"));
        Assert.Equal(3, config.GetInt("foo.c"));
    }

    [Fact]
    public void A_self_reference_sees_the_previous_value()
    {
        var config = Parse("""
            path : "a:b:c"
            path : ${path}":d"
            list = [1]
            list = ${list} [2]
            list = ${list} [3]
            """);
        Assert.Equal("a:b:c:d", config.GetString("path"));
        Assert.Equal([1, 2, 3], config.GetIntList("list"));
    }

    [Fact]
    public void A_self_reference_to_an_object_sees_the_overridden_object()
    {
        var config = Parse("""
            foo : { a : 1 }
            foo : ${foo}
            bar : { foo : 42 }
            baz : ${bar}
            baz : ${baz}
            """);
        AssertTree("""{ "a": 1 }""", config.GetConfig("foo"));
        AssertTree("""{ "foo": 42 }""", config.GetConfig("baz"));
    }

    [Fact]
    public void A_self_reference_inside_a_path_expression_looks_below()
    {
        var config = Parse("""
            foo : { a : { c : 1 } }
            foo : ${foo.a}
            foo : { a : 2 }
            """);
        AssertTree("""{ "a": 2, "c": 1 }""", config.GetConfig("foo"));
    }

    [Fact]
    public void A_self_reference_also_sees_the_fallback_document()
    {
        var config = HoconConfig.Load(
            HoconSource.FromString("path = ${path} [ /usr/bin ]"),
            HoconSource.FromString("path = [ /bin ]"),
            HoconOptions.NoEnvironment);
        Assert.Equal(["/bin", "/usr/bin"], config.GetStringList("path"));
    }

    [Fact]
    public void An_optional_self_reference_with_no_earlier_value_is_undefined()
    {
        var config = Parse("""
            a = ${?a}foo
            b : ${?b}
            """);
        Assert.Equal("foo", config.GetString("a"));
        Assert.False(config.HasPath("b"));
    }

    [Fact]
    public void A_substitution_hidden_by_a_later_value_is_never_evaluated()
    {
        var config = Parse("""
            foo : ${does-not-exist}
            foo : 42
            bar : ${bar}
            bar : 1
            """);
        Assert.Equal(42, config.GetInt("foo"));
        Assert.Equal(1, config.GetInt("bar"));
    }

    [Fact]
    public void Substitutions_of_one_path_agree_even_when_the_order_is_undefined()
    {
        var config = Parse("""
            a : 1
            b : 2
            a : ${b}
            b : ${a}
            """);
        Assert.Equal(config.GetInt("a"), config.GetInt("b"));
    }

    [Fact]
    public void An_undefined_optional_substitution_does_not_create_the_field()
    {
        var config = Parse("""
            a = ${?missing}
            b = 1
            b = ${?missing}
            c = ${?missing}${?also.missing}
            d = [ ${?missing}, 1 ]
            """);
        Assert.False(config.HasPath("a"));
        Assert.Equal(1, config.GetInt("b"));
        Assert.False(config.HasPath("c"));
        Assert.Equal([1], config.GetIntList("d"));
    }

    [Fact]
    public void An_undefined_optional_substitution_is_empty_in_a_concatenation()
    {
        var config = Parse("""
            a = x${?missing}y
            b = ${?missing} [ 1 ]
            c = { k = v } ${?missing}
            """);
        Assert.Equal("xy", config.GetString("a"));
        Assert.Equal([1], config.GetIntList("b"));
        Assert.Equal("v", config.GetString("c.k"));
    }

    [Fact]
    public void Plus_equals_appends_to_an_array()
    {
        var config = Parse("""
            a += 1
            a += 2
            b = [ x ]
            b += y
            nested { list += { name = n } }
            nested.list += [ 2 ]
            """);
        Assert.Equal([1, 2], config.GetIntList("a"));
        Assert.Equal(["x", "y"], config.GetStringList("b"));
        var list = config.GetList("nested.list");
        Assert.Equal("n", Assert.IsType<HoconObject>(list[0])["name"].ToString());
        Assert.Equal([2], Assert.IsType<HoconArray>(list[1]).Select(v => ((HoconScalar)v).Text).Select(int.Parse));
    }

    [Fact]
    public void Plus_equals_on_a_non_array_is_an_error()
    {
        var error = Assert.Throws<HoconResolveException>(() => Parse("a = 1\na += 2"));
        Assert.Contains("<string>:2:3", error.Message);
        Assert.Contains("expected an array", error.Message);
    }

    [Fact]
    public void Environment_variables_are_the_fallback_for_missing_paths()
    {
        var environment = new Dictionary<string, string> { ["HOME"] = "/home/me", ["a.b"] = "dotted", ["EMPTY"] = "" };
        var config = Parse("""
            home = ${HOME}
            path = ${HOME}/bin
            dotted = ${a.b}
            optional = ${?NOT_SET}
            empty = ${?EMPTY}
            """, environment);
        Assert.Equal("/home/me", config.GetString("home"));
        Assert.Equal("/home/me/bin", config.GetString("path"));
        Assert.Equal("dotted", config.GetString("dotted"));
        Assert.False(config.HasPath("optional"));
        Assert.False(config.HasPath("empty"), "an empty environment variable counts as not set");
    }

    [Fact]
    public void The_configuration_wins_over_the_environment()
    {
        var config = Parse("HOME = /config/home\nhome = ${HOME}", new Dictionary<string, string> { ["HOME"] = "/env/home" });
        Assert.Equal("/config/home", config.GetString("home"));
    }

    [Fact]
    public void A_null_in_the_configuration_blocks_the_environment()
    {
        var config = Parse("HOME = null\nhome = ${HOME}", new Dictionary<string, string> { ["HOME"] = "/env/home" });
        Assert.Equal(HoconValueType.Null, config.GetValue("home").Type);
        Assert.False(config.HasPath("home"));
    }

    [Fact]
    public void A_self_reference_with_no_earlier_value_falls_back_to_the_environment()
    {
        var config = Parse("PATH = ${PATH}\":/opt/bin\"", new Dictionary<string, string> { ["PATH"] = "/usr/bin" });
        Assert.Equal("/usr/bin:/opt/bin", config.GetString("PATH"));
    }

    [Fact]
    public void Without_the_environment_an_unknown_path_is_undefined()
    {
        var error = Assert.Throws<HoconResolveException>(() => Parse("home = ${HOME}"));
        Assert.Contains("<string>:1:8", error.Message);
        Assert.Contains("expected a value at 'HOME'", error.Message);
    }

    [Fact]
    public void Substitutions_are_resolved_after_the_fallback_is_merged()
    {
        var config = HoconConfig.Load(
            HoconSource.FromString("""
                actors.dispatcher.threads = 8
                app.timeout = ${actors.default-timeout}
                """),
            HoconSource.FromString("""
                actors {
                  default-timeout = 5s
                  dispatcher { threads = 2, queue = ${actors.dispatcher.threads} }
                }
                """),
            HoconOptions.NoEnvironment);
        Assert.Equal(TimeSpan.FromSeconds(5), config.GetDuration("app.timeout"));
        Assert.Equal(8, config.GetInt("actors.dispatcher.queue"));
    }

    [Fact]
    public void WithFallback_resolves_across_both_configurations()
    {
        var user = Parse("threads = 8");
        var reference = Parse("threads = 2\nqueue = ${threads}");
        var merged = user.WithFallback(reference);
        Assert.Equal(2, reference.GetInt("queue"));
        Assert.Equal(8, merged.GetInt("queue"));
    }

    [Theory]
    [InlineData("a : ${b}\nb : ${a}")]
    [InlineData("a : ${b}\nb : ${c}\nc : ${a}")]
    [InlineData("a : { b : ${a} }")]
    [InlineData("a : [ ${a} ]")]
    public void Cycles_are_errors(string document)
    {
        var error = Assert.Throws<HoconResolveException>(() => Parse(document));
        Assert.Contains("cycle", error.Message);
        Assert.Matches(@"<string>:\d+:\d+: ", error.Message);
    }

    [Fact]
    public void A_self_reference_with_no_earlier_value_is_an_error()
    {
        var error = Assert.Throws<HoconResolveException>(() => Parse("foo : ${foo}"));
        Assert.Contains("<string>:1:7", error.Message);
        Assert.Contains("expected an earlier value of 'foo'", error.Message);
    }

    [Fact]
    public void An_optional_cycle_is_treated_as_missing()
    {
        var config = Parse("a : { b : ${?a}, c : 1 }");
        AssertTree("""{ "c": 1 }""", config.GetConfig("a"));
    }

    [Fact]
    public void A_substitution_into_an_array_index_is_not_a_path()
    {
        var error = Assert.Throws<HoconResolveException>(() => Parse("a = [1]\nb = ${a.0}"));
        Assert.Contains("<string>:2:5", error.Message);
    }
}
