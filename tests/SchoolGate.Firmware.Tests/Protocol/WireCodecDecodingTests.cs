using System.Text;
using SchoolGate.DeviceSdk.Protocol;
using Fw = SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Tests.Protocol;

public class WireCodecDecodingTests
{
    [Theory]
    [InlineData("{\"openMs\":3000,\"reason\":\"ok\",\"allow\":true,\"requestId\":7}")]
    [InlineData(" \r\n\t{ \"requestId\" : 7 ,\n \"allow\" :true, \"reason\": \"ok\" , \"openMs\": 3000 }\n")]
    [InlineData("{\"requestId\":7,\"extra\":{\"nested\":[1,2.5e3,{\"a\":null}],\"s\":\"\\u00e9\"},\"allow\":true,\"reason\":\"ok\",\"openMs\":3000,\"more\":[]}")]
    [InlineData("\uFEFF{\"requestId\":7,\"allow\":true,\"reason\":\"\\u006Fk\",\"openMs\":3000}")]
    public void DecodesDecisionsInAnyOrderWithWhitespaceAndUnknownFields(string json)
    {
        Assert.True(Fw.WireCodec.TryDecode(Encoding.UTF8.GetBytes(json), out Fw.AccessDecision decision));
        Assert.Equal(7, decision.RequestId);
        Assert.True(decision.Allow);
        Assert.Equal("ok", decision.Reason);
        Assert.Equal(3000, decision.OpenMs);
    }

    [Fact]
    public void DecodesEscapedAndNonAsciiReasons()
    {
        var json = "{\"requestId\":1,\"allow\":false,\"reason\":\"\\\"q\\\" \\\\ \\/ \\n é 😀 \\ud83d\\ude00\",\"openMs\":0}";

        Assert.True(Fw.WireCodec.TryDecode(Encoding.UTF8.GetBytes(json), out Fw.AccessDecision decision));
        Assert.Equal("\"q\" \\ / \n é 😀 😀", decision.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"requestId\":7,\"allow\":true,\"reason\":\"ok\",\"openMs\":3000")]
    [InlineData("{\"requestId\":7,\"allow\":true,\"reason\":\"ok\",\"openMs\":30")]
    [InlineData("{\"requestId\":7,\"allow\":true,\"reason\":\"ok")]
    [InlineData("{\"requestId\":\"7\",\"allow\":true,\"reason\":\"ok\",\"openMs\":3000}")]
    [InlineData("{\"requestId\":7,\"allow\":1,\"reason\":\"ok\",\"openMs\":3000}")]
    [InlineData("{\"requestId\":7,\"allow\":true,\"reason\":null,\"openMs\":3000}")]
    [InlineData("{\"requestId\":7,\"allow\":true,\"reason\":5,\"openMs\":3000}")]
    [InlineData("{\"requestId\":7.5,\"allow\":true,\"reason\":\"ok\",\"openMs\":3000}")]
    [InlineData("{\"requestId\":7e0,\"allow\":true,\"reason\":\"ok\",\"openMs\":3000}")]
    [InlineData("{\"requestId\":07,\"allow\":true,\"reason\":\"ok\",\"openMs\":3000}")]
    [InlineData("{\"requestId\":9223372036854775808,\"allow\":true,\"reason\":\"ok\",\"openMs\":3000}")]
    [InlineData("{\"requestId\":7,\"allow\":true,\"reason\":\"ok\",\"openMs\":2147483648}")]
    [InlineData("{\"allow\":true,\"reason\":\"ok\",\"openMs\":3000}")]
    [InlineData("{\"requestId\":7,\"allow\":true,\"reason\":\"ok\",\"openMs\":3000}x")]
    [InlineData("{\"requestId\":7,\"allow\":true,\"reason\":\"ok\",\"openMs\":3000,}")]
    [InlineData("{\"requestId\":7,,\"allow\":true,\"reason\":\"ok\",\"openMs\":3000}")]
    [InlineData("{'requestId':7,\"allow\":true,\"reason\":\"ok\",\"openMs\":3000}")]
    [InlineData("{\"requestId\":7,\"allow\":True,\"reason\":\"ok\",\"openMs\":3000}")]
    [InlineData("{\"requestId\":7,\"allow\":true,\"reason\":\"o\nk\",\"openMs\":3000}")]
    [InlineData("{\"requestId\":7,\"allow\":true,\"reason\":\"\\x\",\"openMs\":3000}")]
    [InlineData("{\"requestId\":7,\"allow\":true,\"reason\":\"\\u12\",\"openMs\":3000}")]
    [InlineData("{\"requestId\":7,\"requestId\":8,\"allow\":true,\"reason\":\"ok\",\"openMs\":3000}")]
    [InlineData("{\"requestId\":7,\"allow\":true,\"reason\":\"ok\",\"openMs\":3000,\"x\":[1,]}")]
    [InlineData("{\"requestId\":-,\"allow\":true,\"reason\":\"ok\",\"openMs\":3000}")]
    public void RejectsMalformedDecisions(string json)
    {
        Assert.False(Fw.WireCodec.TryDecode(Encoding.UTF8.GetBytes(json), out Fw.AccessDecision decision));
        Assert.Null(decision);
    }

    [Fact]
    public void RejectsInvalidUtf8AndNullPayloads()
    {
        var prefix = Encoding.UTF8.GetBytes("{\"requestId\":1,\"allow\":true,\"reason\":\"");
        var suffix = Encoding.UTF8.GetBytes("\",\"openMs\":0}");
        byte[][] badSequences = [[0xFF], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]];

        foreach (var bad in badSequences)
        {
            Assert.False(Fw.WireCodec.TryDecode([.. prefix, .. bad, .. suffix], out Fw.AccessDecision _));
        }

        Assert.False(Fw.WireCodec.TryDecode(null!, out Fw.AccessDecision _));
        Assert.False(Fw.WireCodec.TryDecode(null!, out Fw.EventAck _));
    }

    [Theory]
    [InlineData("{\"requestId\":7,\"allow\":true,\"reason\":\"\\ud800ok\",\"openMs\":0}")]
    [InlineData("{\"requestId\":7,\"allow\":true,\"reason\":\"\\udc00\",\"openMs\":0}")]
    [InlineData("{\"requestId\":7,\"allow\":true,\"reason\":\"\\ud83duDE00\",\"openMs\":0}")]
    [InlineData("{\"requestId\":7,\"allow\":true,\"reason\":\"\\ud83d\\u0041\",\"openMs\":0}")]
    [InlineData("{\"requestId\":7,\"allow\":true,\"reason\":\"\\ud83d\",\"openMs\":0}")]
    [InlineData("{\"requestId\":7,\"allow\":true,\"reason\":\"ok\",\"openMs\":0,\"\\ud800allow\":false}")]
    public void RejectsLoneSurrogateEscapesAsSystemTextJsonDoes(string json)
    {
        var payload = Encoding.UTF8.GetBytes(json);

        Assert.False(ProtocolCodec.TryDecode(payload, ProtocolJsonContext.Default.AccessDecision, out _, out _));
        Assert.False(Fw.WireCodec.TryDecode(payload, out Fw.AccessDecision _));
    }

    [Fact]
    public void RejectsDeeplyNestedUnknownFields()
    {
        var deep = new string('[', 100) + new string(']', 100);
        var json = "{\"seq\":1,\"x\":" + deep + "}";

        Assert.False(Fw.WireCodec.TryDecode(Encoding.UTF8.GetBytes(json), out Fw.EventAck _));
    }

    [Theory]
    [InlineData("{\"seq\":\"1\"}")]
    [InlineData("{\"seq\":true}")]
    [InlineData("{\"Seq\":1}")]
    [InlineData("{}")]
    [InlineData("{\"seq\":1")]
    public void RejectsMalformedAcks(string json)
    {
        Assert.False(Fw.WireCodec.TryDecode(Encoding.UTF8.GetBytes(json), out Fw.EventAck _));
    }

    [Theory]
    [InlineData("{\"seq\":-0}", 0L)]
    [InlineData("{\"seq\":-9223372036854775808}", long.MinValue)]
    [InlineData("{ \"note\" : \"x\" , \"seq\" : 12 }", 12L)]
    public void AcceptsAcksSystemTextJsonAccepts(string json, long seq)
    {
        Assert.True(ProtocolCodec.TryDecode(Encoding.UTF8.GetBytes(json), ProtocolJsonContext.Default.EventAck, out var sdk, out _));
        Assert.True(Fw.WireCodec.TryDecode(Encoding.UTF8.GetBytes(json), out Fw.EventAck ack));
        Assert.Equal(sdk.Seq, ack.Seq);
        Assert.Equal(seq, ack.Seq);
    }
}
