using Actors.Configuration.Hocon;
using static Actors.Tests.Configuration.Hocon.HoconTestSupport;

namespace Actors.Tests.Configuration.Hocon;

/// <summary>The syntax sections of HOCON.md: JSON superset, comments, braces, separators, commas, strings, duplicates.</summary>
public sealed class HoconSyntaxTests
{
    [Fact]
    public void Plain_json_is_read_as_json()
    {
        const string json = """{ "a": 1, "b": [true, false, null], "c": { "d": "e", "f": -1.5e3 } }""";
        AssertTree(json, Parse(json));
    }

    [Fact]
    public void Comments_start_with_hash_or_double_slash_outside_quoted_strings()
    {
        var config = Parse("""
            # a comment
            a = 1 // trailing comment
            b = "not // a comment" # but this is
            c = "# neither"
            """);
        AssertTree("""{ "a": 1, "b": "not // a comment", "c": "# neither" }""", config);
    }

    [Fact]
    public void Root_braces_may_be_omitted()
    {
        AssertTree("""{ "a": { "b": 1 } }""", Parse("a { b = 1 }"));
        AssertTree("""{ "a": { "b": 1 } }""", Parse("{ a { b = 1 } }"));
    }

    [Fact]
    public void An_empty_document_is_an_empty_object()
    {
        Assert.Empty(Parse("").Root);
        Assert.Empty(Parse("  \n # only a comment\n").Root);
    }

    [Theory]
    [InlineData("a = 1")]
    [InlineData("a : 1")]
    [InlineData("a=1")]
    [InlineData("a:1")]
    public void Equals_and_colon_both_separate_keys_from_values(string text) => AssertTree("""{ "a": 1 }""", Parse(text));

    [Theory]
    [InlineData("a { b = 1 }")]
    [InlineData("a\n{ b = 1 }")]
    [InlineData("a = { b = 1 }")]
    [InlineData("a : { b = 1 }")]
    public void The_separator_may_be_omitted_before_an_object(string text) => AssertTree("""{ "a": { "b": 1 } }""", Parse(text));

    [Theory]
    [InlineData("[1,2,3]")]
    [InlineData("[1,2,3,]")]
    [InlineData("[1\n2\n3]")]
    [InlineData("[\n1,\n2\n3,\n]")]
    [InlineData("[1\n,2\n,3]")]
    public void Newlines_replace_commas_and_one_trailing_comma_is_allowed(string array) =>
        AssertTree("""{ "a": [1, 2, 3] }""", Parse("a = " + array));

    [Fact]
    public void Fields_separated_by_newlines_or_commas_with_one_trailing_comma()
    {
        AssertTree("""{ "a": 1, "b": 2, "c": 3 }""", Parse("a = 1\nb = 2, c = 3,"));
        AssertTree("""{ "o": { "a": 1, "b": 2 } }""", Parse("o { a = 1, b = 2, }"));
    }

    [Fact]
    public void Later_duplicate_keys_win_and_objects_merge()
    {
        var config = Parse("""
            a = 1
            a = 2
            foo { x = 42 }
            foo { y = 43 }
            """);
        AssertTree("""{ "a": 2, "foo": { "x": 42, "y": 43 } }""", config);
    }

    [Fact]
    public void A_non_object_in_between_prevents_the_object_merge()
    {
        var config = Parse("""
            foo : { a : 42 },
            foo : null,
            foo : { b : 43 }
            """);
        AssertTree("""{ "foo": { "b": 43 } }""", config);
    }

    [Fact]
    public void An_object_after_a_scalar_replaces_it()
    {
        AssertTree("""{ "a": { "b": 1 } }""", Parse("a = 5\na { b = 1 }"));
    }

    [Fact]
    public void Unquoted_strings_stop_at_forbidden_characters()
    {
        var config = Parse("""
            a = hello-world_1.2/x
            b = foo//comment
            c = [x,y]
            """);
        Assert.Equal("hello-world_1.2/x", config.GetString("a"));
        Assert.Equal("foo", config.GetString("b"));
        Assert.Equal(["x", "y"], config.GetStringList("c"));
    }

    [Fact]
    public void Keywords_and_numbers_only_count_at_the_start_of_an_unquoted_string()
    {
        var config = Parse("""
            a = truefoo
            b = footrue
            c = 10.0bar
            d = bar10.0
            e = true
            f = nullable
            """);
        Assert.Equal("truefoo", config.GetString("a"));
        Assert.Equal("footrue", config.GetString("b"));
        Assert.Equal("10.0bar", config.GetString("c"));
        Assert.Equal("bar10.0", config.GetString("d"));
        Assert.Equal(HoconValueType.Boolean, config.GetValue("e").Type);
        Assert.Equal("nullable", config.GetString("f"));
    }

    [Fact]
    public void Quoted_strings_support_json_escapes()
    {
        var config = Parse("""a = "q\" b\\ s\/ \b\f\n\r\t u\u00e9\u20AC" """);
        Assert.Equal("q\" b\\ s/ \b\f\n\r\t u\u00e9\u20AC", config.GetString("a"));
    }

    [Fact]
    public void Triple_quoted_strings_are_raw_and_may_span_lines()
    {
        var config = Parse("a = \"\"\"line \\n one\n  \"quoted\" ${not.a.substitution}\"\"\"");
        Assert.Equal("line \\n one\n  \"quoted\" ${not.a.substitution}", config.GetString("a"));
    }

    [Theory]
    [InlineData("\"\"\"foo\"\"\"\"", "foo\"")]
    [InlineData("\"\"\"foo\"\"\"\"\"", "foo\"\"")]
    [InlineData("\"\"\"\"foo\"\"\"", "\"foo")]
    [InlineData("\"\"\"foo\"\"bar\"\"\"", "foo\"\"bar")]
    public void Extra_closing_quotes_belong_to_a_triple_quoted_string(string literal, string expected) =>
        Assert.Equal(expected, Parse("a = " + literal).GetString("a"));

    [Fact]
    public void Unicode_space_separators_are_whitespace()
    {
        var config = Parse("a\u00A0=\u2007b\u202F\u3000");
        Assert.Equal("b", config.GetString("a"));
    }

    [Fact]
    public void Numbers_keep_the_text_they_were_written_with()
    {
        var config = Parse("a = 1e5\nb = -0.50\nc = 12");
        Assert.Equal("1e5", ((HoconScalar)config.GetValue("a")).Text);
        Assert.Equal("-0.50", config.GetString("b"));
        Assert.Equal(HoconValueType.Number, config.GetValue("c").Type);
        Assert.Equal(100000L, config.GetLong("a"));
    }

    [Fact]
    public void Include_is_an_ordinary_word_except_at_the_start_of_a_key()
    {
        var config = Parse("""
            foo include : 42
            bar : include
            baz : [ include ]
            "include" : 1
            """);
        Assert.Equal(42, config.GetInt("\"foo include\""));
        Assert.Equal("include", config.GetString("bar"));
        Assert.Equal(["include"], config.GetStringList("baz"));
        Assert.Equal(1, config.GetInt("\"include\""));
    }

    [Fact]
    public void A_root_array_is_valid_json_but_not_a_configuration()
    {
        var error = Assert.Throws<HoconParseException>(() => Parse("[1, 2]"));
        Assert.Contains("<string>:1:1", error.Message);
        Assert.Contains("expected <string> to contain an object", error.Message);
    }

    [Fact]
    public void A_large_document_parses_quickly()
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < 4000; i++)
        {
            builder.Append("section.s").Append(i % 50).Append(".key").Append(i).Append(" = \"value ").Append(i).Append("\" # note\n");
        }

        Assert.True(builder.Length > 100_000);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var config = Parse(builder.ToString());
        watch.Stop();

        Assert.Equal("value 3999", config.GetString("section.s49.key3999"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"parsing took {watch.Elapsed}");
    }
}
