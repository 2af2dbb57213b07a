using System.Text;
using SchoolGate.Firmware.Core.Json;

namespace SchoolGate.Firmware.Tests.Protocol;

public class Utf8Tests
{
    [Theory]
    [InlineData("")]
    [InlineData("plain ascii 123")]
    [InlineData("Алматы é € 😀 \u0000 \uffff")]
    public void EncodesAndDecodesLikeDotNet(string text)
    {
        var expected = Encoding.UTF8.GetBytes(text);

        Assert.Equal(expected, Utf8.Encode(text));
        Assert.Equal(text, Utf8.Decode(expected, 0, expected.Length));
    }

    [Fact]
    public void EncodesLoneSurrogatesAsReplacementCharacter()
    {
        Assert.Equal(Encoding.UTF8.GetBytes("a\uFFFDb"), Utf8.Encode("a\ud800b"));
    }

    [Fact]
    public void DecodesOnlyTheRequestedRange()
    {
        var bytes = Encoding.UTF8.GetBytes("xxé😀yy");

        Assert.Equal("é😀", Utf8.Decode(bytes, 2, bytes.Length - 4));
    }
}
