using Actors.Configuration.Hocon;
using static Actors.Tests.Configuration.Hocon.HoconTestSupport;

namespace Actors.Tests.Configuration.Hocon;

/// <summary>Rendering a resolved configuration back to HOCON and to JSON, as the <c>config</c> command does.</summary>
public sealed class HoconRenderTests
{
    private const string Document = """
        actors {
          ask-timeout = 5s
          "odd.key" = "quote \" and \\ and\nnewline"
          "include" = 1
          list = [1, 2.50, true, null, { a = b }, []]
          empty {}
        }
        other = ${actors.ask-timeout}
        """;

    [Fact]
    public void Hocon_rendering_reads_back_to_the_same_tree()
    {
        var config = Parse(Document);
        var rendered = config.ToHocon();
        Assert.Equal(Canonical(config.Root), Canonical(Parse(rendered).Root));
    }

    [Fact]
    public void Hocon_rendering_is_readable()
    {
        var rendered = Parse("a { b = 5s, c = [1, x] }\nd = 1e3").ToHocon();
        Assert.Equal("a {\n  b = \"5s\"\n  c = [\n    1\n    \"x\"\n  ]\n}\nd = 1e3\n", rendered);
    }

    [Fact]
    public void Json_rendering_is_valid_json_of_the_same_tree()
    {
        var config = Parse(Document);
        var json = config.ToJson();
        Assert.Equal(Canonical(config.Root), CanonicalJson(json));
        Assert.Contains("\"ask-timeout\": \"5s\"", json);
        Assert.Contains("2.50", json);
    }

    [Fact]
    public void Compact_json()
    {
        Assert.Equal("""{"a":{"b":[1,"x"],"c":null}}""", Parse("a { b = [1, x], c = null }").ToJson(indented: false));
    }

    [Fact]
    public void Rendering_one_path()
    {
        var config = Parse(Document);
        Assert.Equal("\"5s\"\n", config.ToHocon("other"));
        Assert.Equal("\"5s\"", config.ToJson("actors.ask-timeout"));
        Assert.StartsWith("{", config.ToJson("actors"));
        Assert.Equal("[\n  1,\n  2\n]", Parse("a = [1, 2]").ToJson("a"));
        Assert.Throws<HoconException>(() => config.ToJson("missing"));
    }

    [Fact]
    public void Keys_are_quoted_when_they_would_not_read_back_as_one_key()
    {
        var rendered = Parse(Document).ToHocon();
        Assert.Contains("\"odd.key\" = ", rendered);
        Assert.Contains("\"include\" = 1", rendered);
        Assert.Contains("ask-timeout = ", rendered);
    }

    [Fact]
    public void Json_rendering_normalizes_numbers_json_does_not_accept()
    {
        Assert.Equal("""{"a":7,"b":-0.5}""", Parse("a = 007\nb = -00.5").ToJson(indented: false));
    }
}
