using System.Text;
using System.Text.Json;
using SchoolGate.Firmware.Core.Json;

namespace SchoolGate.Firmware.Tests.Json;

public class JsonLexerTests
{
    [Theory]
    [InlineData("\"plain\"")]
    [InlineData("\"\"")]
    [InlineData("\"a\\nb\\t\\\"c\\\" \\\\ \\/ \\u00e9 é \\ud83d\\ude00 😀\"")]
    public void UnescapesStringsLikeSystemTextJson(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json + ",");
        var pos = 0;

        var text = JsonStringLexer.Read(bytes, ref pos);

        Assert.Equal(JsonSerializer.Deserialize<string>(json), text);
        Assert.Equal(bytes.Length - 1, pos);
    }

    [Fact]
    public void UnescapesAStringLongerThanItsFirstBuffer()
    {
        var expected = string.Concat(Enumerable.Repeat("ab\"cd\u00e9", 200));
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(expected));
        var pos = 0;

        Assert.Equal(expected, JsonStringLexer.Read(bytes, ref pos));
    }

    [Theory]
    [InlineData("plain\"")]
    [InlineData("\"unterminated")]
    [InlineData("\"bad \\q escape\"")]
    [InlineData("\"short \\u12")]
    public void RejectsMalformedStrings(string json)
    {
        var pos = 0;

        Assert.Null(JsonStringLexer.Read(Encoding.UTF8.GetBytes(json), ref pos));
    }

    [Theory]
    [InlineData("0", true, 0L)]
    [InlineData("-42", true, -42L)]
    [InlineData("9223372036854775807", true, long.MaxValue)]
    [InlineData("9223372036854775808", false, 0L)]
    [InlineData("1.5", false, 0L)]
    [InlineData("2E+3", false, 0L)]
    public void ReadsNumbersAndTellsWhetherTheyAreLongs(string json, bool isInteger, long value)
    {
        var bytes = Encoding.UTF8.GetBytes(json + "]");
        var pos = 0;
        var member = new JsonMember();

        Assert.True(JsonNumberLexer.Read(bytes, ref pos, member));

        Assert.Equal((isInteger, value), (member.IsInteger, member.Integer));
        Assert.Equal(json.Length, pos);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("1.")]
    [InlineData("1e")]
    [InlineData(".5")]
    public void RejectsMalformedNumbers(string json)
    {
        var pos = 0;

        Assert.False(JsonNumberLexer.Read(Encoding.UTF8.GetBytes(json), ref pos, new JsonMember()));
    }
}
