using Actors.Configuration.Hocon;
using static Actors.Tests.Configuration.Hocon.HoconTestSupport;

namespace Actors.Tests.Configuration.Hocon;

/// <summary>Invalid documents: each error names the source, line and column, and says what was expected.</summary>
public sealed class HoconErrorTests
{
    [Theory]
    [InlineData("a {\n  b = 1\n", "<string>:3:1: expected '}' to close the object opened at 1:3 but reached end of input")]
    [InlineData("{ a = 1", "<string>:1:8: expected '}' to close the object opened at 1:1 but reached end of input")]
    [InlineData("a = [1, 2", "<string>:1:10: expected ']' to close the array opened at 1:5 but reached end of input")]
    [InlineData("a = 1\n}", "<string>:2:1: expected a field or end of input but found '}' with no matching '{' (the document omits its root braces)")]
    [InlineData("a = [1, 2 }", "<string>:1:11: expected ',', a newline or ']' to close the array opened at 1:5 after the value but found '}'")]
    [InlineData("{ a = 1 } }", "<string>:1:11: expected end of input after the root object but found '}'")]
    public void Unbalanced_braces_and_brackets(string document, string expected)
    {
        var error = Assert.Throws<HoconParseException>(() => Parse(document));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void The_message_names_the_file()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("hocon-error-").FullName, "application.conf");
        try
        {
            File.WriteAllText(path, "# settings\nactors {\n  x = 1\n");
            var error = Assert.Throws<HoconParseException>(() => HoconConfig.ParseFile(path, HoconOptions.NoEnvironment));
            Assert.Equal($"{path}:4:1: expected '}}' to close the object opened at 2:8 but reached end of input", error.Message);
            Assert.Equal(new HoconOrigin(path, 4, 1), error.Origin);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Theory]
    [InlineData("a = [1,,2]", "<string>:1:8", "expected a value or ']' after ',' but found another ','")]
    [InlineData("a = [,1]", "<string>:1:6", "expected a value or ']' but found ','")]
    [InlineData("a = [1,2,,]", "<string>:1:10", "expected a value or ']' after ','")]
    [InlineData("a = 1,,b = 2", "<string>:1:7", "expected a field or end of input after ','")]
    [InlineData("{ , a = 1 }", "<string>:1:3", "expected a field or '}' but found ','")]
    public void Misplaced_commas(string document, string position, string expected)
    {
        var error = Assert.Throws<HoconParseException>(() => Parse(document));
        Assert.StartsWith(position + ": ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("a..b = 1", "<string>:1:3", "expected a key before '.'")]
    [InlineData("x = ${a..b}", "<string>:1:9", "expected a key before '.'")]
    [InlineData("x = ${}", "<string>:1:5", "expected a path inside the substitution")]
    [InlineData("x = ${a", "<string>:1:8", "expected '}' to close the substitution opened at 1:5")]
    [InlineData("${a} = 1", "<string>:1:1", "expected a key but found a substitution")]
    [InlineData("a", "<string>:1:2", "expected ':', '=', '+=' or '{' after the key 'a' but found end of input")]
    [InlineData("a = ", "<string>:1:5", "expected a value for the key 'a' but found end of input")]
    [InlineData("a = b = c", "<string>:1:7", "expected ',', a newline or end of input after the field but found '='")]
    [InlineData("a = \"unterminated", "<string>:1:5", "expected '\"' to close the quoted string")]
    [InlineData("a = \"line\nbreak\"", "<string>:1:10", "expected '\"' to close the quoted string but found a newline")]
    [InlineData("a = \"\\q\"", "<string>:1:6", "expected an escape such as \\n")]
    [InlineData("a = \"\\u12\"", "<string>:1:6", "expected four hexadecimal digits")]
    [InlineData("a = \"\"\"open", "<string>:1:5", "expected '\"\"\"' to close the triple-quoted string")]
    [InlineData("a = b@c", "<string>:1:6", "reserved character '@'")]
    [InlineData("a = [1] x", "<string>:1:9", "expected another array to concatenate with an array at 1:5 but found the string 'x'")]
    [InlineData("a = [1] {b = 1}", "<string>:1:9", "expected another array to concatenate with an array at 1:5 but found an object")]
    [InlineData("a += 1\nb = [ { c += 1 } ]", "<string>:2:11", "'+=' cannot be used inside an array")]
    public void Syntax_errors(string document, string position, string expected)
    {
        var error = Assert.Throws<HoconParseException>(() => Parse(document));
        Assert.StartsWith(position + ": ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("a = ${b}", "<string>:1:5", "expected a value at 'b' for the substitution ${b} but it is not defined")]
    [InlineData("x = 1\na = ${x.y}", "<string>:2:5", "expected a value at 'x.y'")]
    [InlineData("a = ${b}\nb = ${a}", "<string>:", "part of a cycle")]
    [InlineData("o = { k = 1 }\na = [1] ${o}", "<string>:2:9", "expected an array to concatenate with the array at 2:5 but found an object")]
    [InlineData("o = { k = 1 }\na = x ${o}", "<string>:2:7", "expected a string to concatenate with the string 'x' at 2:5 but found an object")]
    public void Resolution_errors(string document, string position, string expected)
    {
        var error = Assert.Throws<HoconResolveException>(() => Parse(document));
        Assert.StartsWith(position, error.Message);
        Assert.Contains(expected, error.Message);
    }
}
