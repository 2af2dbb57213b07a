using System.Text;
using System.Text.Json;
using SchoolGate.Firmware.Core.Json;

namespace SchoolGate.Firmware.Tests.Json;

/// <summary>The resumable tokenizer agrees with System.Text.Json and does not care where a step ends.</summary>
public class JsonStepReaderTests
{
    public static TheoryData<string> Documents() =>
    [
        "{}", "[]", "0", "-0", "1.5e-3", "\"x\"", "true", "null",
        """{"a":[1,2,{"b":null}],"c":"\u00e9\ud83d\ude00\n","d":-12.5E+2}""",
        " \t\r\n{ \"a\" : [ ] } \n",
        "{\"a\":\"é😀\"}",
        // Invalid: every one of these System.Text.Json refuses too.
        "", " ", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "[1 2]", "{a:1}", "{'a':1}",
        "01", "1.", ".5", "-", "1e", "1e+", "+1", "0x10", "tru", "nul", "True", "NaN",
        "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"a\tb\"",
        "{} {}", "[]]", "{\"a\":1}}", "\"unterminated",
    ];

    [Theory]
    [MemberData(nameof(Documents))]
    public void AcceptsExactlyWhatSystemTextJsonAccepts(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.Equal(IsValid(bytes), Tokens(bytes, int.MaxValue)[^1] == "End");
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void GivesTheSameTokensWhateverTheStepBudget(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var whole = Tokens(bytes, int.MaxValue);

        Assert.Equal(whole, Tokens(bytes, 1));
        Assert.Equal(whole, Tokens(bytes, 3));
    }

    [Theory]
    [InlineData(new byte[] { (byte)'"', 0xC0, 0x80, (byte)'"' })]
    [InlineData(new byte[] { (byte)'"', 0xED, 0xA0, 0x80, (byte)'"' })]
    [InlineData(new byte[] { (byte)'"', 0xF4, 0x90, 0x80, 0x80, (byte)'"' })]
    [InlineData(new byte[] { (byte)'"', 0xE2, 0x82, (byte)'"' })]
    [InlineData(new byte[] { (byte)'"', 0x80, (byte)'"' })]
    [InlineData(new byte[] { (byte)'"', 0xFF, (byte)'"' })]
    public void RefusesInvalidUtf8InStrings(byte[] bytes)
    {
        Assert.False(IsValid(bytes));
        Assert.Equal("Error", Tokens(bytes, 2)[^1]);
    }

    [Fact]
    public void RefusesNestingDeeperThanSixteen()
    {
        var ok = Encoding.ASCII.GetBytes(new string('[', 16) + new string(']', 16));
        var deep = Encoding.ASCII.GetBytes(new string('[', 17) + new string(']', 17));

        Assert.Equal("End", Tokens(ok, 5)[^1]);
        Assert.Equal("Error", Tokens(deep, 5)[^1]);
    }

    [Fact]
    public void AStepNeverReadsMoreThanItsBudget()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"a":"a long string value that spans many steps","b":[123456789,true]}""");
        var reader = new JsonStepReader(bytes);
        long before = 0;
        while (true)
        {
            reader.BeginStep(4);
            int token;
            while ((token = reader.Read()) != JsonToken.None && token != JsonToken.End)
            {
            }

            Assert.InRange(reader.Consumed - before, 0, 4);
            before = reader.Consumed;
            if (token == JsonToken.End)
            {
                break;
            }
        }

        Assert.Equal(bytes.Length, reader.Consumed);
    }

    // Parse alone is lenient: System.Text.Json checks a string's UTF-8 and surrogates only when the
    // string is read, as the gateway's deserializer does for every name and value.
    private static bool IsValid(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            ReadStrings(document.RootElement);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static void ReadStrings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case System.Text.Json.JsonValueKind.String:
                _ = element.GetString();
                break;
            case System.Text.Json.JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    ReadStrings(item);
                }

                break;
            case System.Text.Json.JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    _ = member.Name;
                    ReadStrings(member.Value);
                }

                break;
        }
    }

    // Token names with their spans, the last one End or Error.
    private static List<string> Tokens(byte[] bytes, int budget)
    {
        var reader = new JsonStepReader(bytes);
        var tokens = new List<string>();
        while (true)
        {
            reader.BeginStep(budget);
            var token = reader.Read();
            if (token == JsonToken.None)
            {
                continue;
            }

            var name = typeof(JsonToken).GetFields().Single(f => (int)f.GetValue(null)! == token).Name;
            if (token is JsonToken.End or JsonToken.Error)
            {
                tokens.Add(name);
                return tokens;
            }

            tokens.Add($"{name}@{reader.TokenStart}-{reader.TokenEnd}/{reader.Depth}{(reader.TokenHasEscapes ? "e" : "")}");
        }
    }
}
