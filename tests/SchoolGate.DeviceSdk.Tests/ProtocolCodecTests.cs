using System.Text;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.DeviceSdk.Tests;

public class ProtocolCodecTests
{
    [Fact]
    public void EncodesPassageEventAsCompactCamelCaseJsonInDeclarationOrder()
    {
        var json = Encoding.UTF8.GetString(ProtocolCodec.Encode(
            new PassageEvent("gate-1", 17, PassageTypes.Entered, "04A1B2C3", Reasons.Ok, false, 1764050001200)));

        Assert.Equal(
            """{"deviceId":"gate-1","seq":17,"type":"entered","cardId":"04A1B2C3","reason":"ok","offline":false,"ts":1764050001200}""",
            json);
    }

    [Fact]
    public void DecodesMessageWithFieldsInAnyOrderAndUnknownFields()
    {
        var payload = """ { "openMs": 3000, "future": [1,2], "reason": "ok", "allow": true, "requestId": 9 } """u8;

        Assert.True(ProtocolCodec.TryDecode(payload, ProtocolJsonContext.Default.AccessDecision, out var decision, out _));
        Assert.Equal(new AccessDecision(9, true, "ok", 3000), decision);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"requestId\":9,\"allow\":true")]
    [InlineData("{\"requestId\":\"nine\",\"allow\":true,\"reason\":\"ok\",\"openMs\":1}")]
    [InlineData("{\"allow\":true,\"reason\":\"ok\",\"openMs\":1}")]
    [InlineData("{\"requestId\":9,\"allow\":true,\"reason\":null,\"openMs\":1}")]
    [InlineData("null")]
    [InlineData("[1,2,3]")]
    public void RejectsMalformedPayloadWithAnErrorInsteadOfThrowing(string payload)
    {
        var ok = ProtocolCodec.TryDecode(Encoding.UTF8.GetBytes(payload), ProtocolJsonContext.Default.AccessDecision, out var decision, out var error);

        Assert.False(ok);
        Assert.Null(decision);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("""{"deviceId":"gate-1","deviceId":"gate-2","seq":1,"type":"entered","cardId":"c","reason":"ok","offline":false,"ts":0}""")]
    [InlineData("""{"deviceId":"gate-1","seq":1,"type":"entered","cardId":"c","reason":"ok","offline":false,"ts":0,"seq":2}""")]
    [InlineData("""{"deviceId":"gate-1","seq":1,"type":"entered","cardId":"c","\u0063ardId":"d","reason":"ok","offline":false,"ts":0}""")]
    public void RefusesAnEventThatNamesAFieldTwice(string payload)
    {
        var ok = ProtocolCodec.TryDecode(Encoding.UTF8.GetBytes(payload), ProtocolJsonContext.Default.PassageEvent, out var e, out var error);

        Assert.False(ok, $"accepted as {e}");
        Assert.Contains("Duplicate", error);
    }

    [Fact]
    public void RefusesEveryMessageThatNamesAFieldTwice()
    {
        Assert.False(Decodes("""{"deviceId":"g","kind":"turnstile","status":"online","status":"offline","firmware":"f","ts":0}""",
            ProtocolJsonContext.Default.DeviceState));
        Assert.False(Decodes("""{"deviceId":"g","requestId":1,"cardId":"a","cardId":"b","direction":"in","ts":0}""",
            ProtocolJsonContext.Default.AccessRequest));
        Assert.False(Decodes("""{"requestId":1,"allow":false,"reason":"unknown_card","openMs":0,"allow":true}""",
            ProtocolJsonContext.Default.AccessDecision));
        Assert.False(Decodes("""{"seq":1,"seq":9}""", ProtocolJsonContext.Default.EventAck));
        Assert.False(Decodes("""{"deviceId":"g","uptimeS":1,"pending":0,"pending":5,"ts":0}""", ProtocolJsonContext.Default.Heartbeat));
        Assert.False(Decodes("""{"version":2,"cards":["a"],"cards":["b"]}""", ProtocolJsonContext.Default.AccessList));
    }

    [Fact]
    public void StillIgnoresUnknownFieldsAndFieldsThatDifferOnlyInCase()
    {
        // Matching is case-sensitive, so "Seq" is an unknown field, not a second "seq".
        Assert.True(ProtocolCodec.TryDecode("""{"seq":4,"Seq":5,"note":[1]}"""u8, ProtocolJsonContext.Default.EventAck, out var ack, out var error), error);
        Assert.Equal(4, ack.Seq);
    }

    private static bool Decodes<T>(string payload, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class =>
        ProtocolCodec.TryDecode(Encoding.UTF8.GetBytes(payload), type, out _, out _);

    [Fact]
    public void RoundTripsEveryMessage()
    {
        AssertRoundTrip(new DeviceState("gate-1", DeviceKinds.Turnstile, DeviceStatus.Online, "core-1.0", 1), ProtocolCodec.Encode, ProtocolJsonContext.Default.DeviceState);
        AssertRoundTrip(new AccessRequest("gate-1", long.MaxValue, "CARD:01", Directions.Out, 2), ProtocolCodec.Encode, ProtocolJsonContext.Default.AccessRequest);
        AssertRoundTrip(new AccessDecision(3, false, Reasons.CardRevoked, 0), ProtocolCodec.Encode, ProtocolJsonContext.Default.AccessDecision);
        AssertRoundTrip(new PassageEvent("bus.7", 4, PassageTypes.Refused, "x", Reasons.UnknownCard, true, 5), ProtocolCodec.Encode, ProtocolJsonContext.Default.PassageEvent);
        AssertRoundTrip(new EventAck(6), ProtocolCodec.Encode, ProtocolJsonContext.Default.EventAck);
        AssertRoundTrip(new Heartbeat("gate-1", 7, 8, 9), ProtocolCodec.Encode, ProtocolJsonContext.Default.Heartbeat);
    }

    private static void AssertRoundTrip<T>(T message, Func<T, byte[]> encode, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        Assert.True(ProtocolCodec.TryDecode(encode(message), type, out var decoded, out var error), error);
        Assert.Equal(message, decoded);
    }
}
