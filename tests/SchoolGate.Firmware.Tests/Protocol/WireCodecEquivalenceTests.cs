using System.Text;
using SchoolGate.DeviceSdk.Protocol;
using Fw = SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Tests.Protocol;

/// <summary>
/// The firmware core writes JSON by hand; the gateway reads it with device-sdk's ProtocolCodec.
/// These tests hold both to the same bytes, so a nanoFramework lane and a .NET lane are
/// indistinguishable on the wire.
/// </summary>
public class WireCodecEquivalenceTests
{
    // Everything System.Text.Json escapes: quotes, backslash, controls, HTML-sensitive
    // characters, non-ASCII, a surrogate pair, a lone surrogate and U+2028.
    private const string Nasty = "a\"b\\c/d\b\f\n\r\t\u0001\u001f\u007f\u0080<>&'+`~ é€😀\u2028\ud800x";

    public static TheoryData<string, string, string, long> States => new()
    {
        { "ts-01", DeviceKinds.Turnstile, DeviceStatus.Online, 1_767_225_600_000 },
        { "bus:7.A_b-c", DeviceKinds.BusValidator, DeviceStatus.Offline, 0 },
        { "x", Nasty, "", long.MaxValue },
        { "y", "kind", "status", long.MinValue },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void DeviceStateBytesEqualProtocolCodec(string id, string kind, string status, long ts)
    {
        var core = Fw.WireCodec.Encode(new Fw.DeviceState(id, kind, status, "core-1.0", ts));
        var expected = new DeviceState(id, kind, status, "core-1.0", ts);

        AssertSameBytes(ProtocolCodec.Encode(expected), core);
        Assert.True(ProtocolCodec.TryDecode(core, ProtocolJsonContext.Default.DeviceState, out var back, out _));
        Assert.Equal(expected, back);
    }

    [Theory]
    [InlineData("ts-01", 1L, "04A1B2C3D4", "in", 1_767_225_600_123L)]
    [InlineData("ts-02", long.MaxValue, "card:9", "out", 0L)]
    [InlineData("ts-03", 0L, Nasty, Nasty, -1L)]
    public void AccessRequestBytesEqualProtocolCodec(string id, long requestId, string card, string direction, long ts)
    {
        var core = Fw.WireCodec.Encode(new Fw.AccessRequest(id, requestId, card, direction, ts));
        var expected = new AccessRequest(id, requestId, card, direction, ts);

        AssertSameBytes(ProtocolCodec.Encode(expected), core);
        Assert.True(ProtocolCodec.TryDecode(core, ProtocolJsonContext.Default.AccessRequest, out var back, out _));
        Assert.Equal(expected, back);
    }

    [Theory]
    [InlineData(1L, "entered", "ok", false, 1_767_225_600_000L)]
    [InlineData(9_007_199_254_740_993L, "refused", "not_in_offline_list", true, long.MaxValue)]
    [InlineData(long.MaxValue, "abandoned", "offline_list", true, 42L)]
    [InlineData(3L, "exited", Nasty, false, long.MinValue)]
    public void PassageEventBytesEqualProtocolCodec(long seq, string type, string reason, bool offline, long ts)
    {
        var core = Fw.WireCodec.Encode(new Fw.PassageEvent("ts-01", seq, type, "04A1B2", reason, offline, ts));
        var expected = new PassageEvent("ts-01", seq, type, "04A1B2", reason, offline, ts);

        AssertSameBytes(ProtocolCodec.Encode(expected), core);
        Assert.True(ProtocolCodec.TryDecode(core, ProtocolJsonContext.Default.PassageEvent, out var back, out _));
        Assert.Equal(expected, back);
    }

    public static TheoryData<string?, string?, bool, long, long> Journeys => new()
    {
        { "12", "045", true, 432_380_000, 768_829_000 },
        { "12A", "KZ-045", true, -339_000_000, -1_512_000_000 },
        { "7", null, false, 0, 0 },
        { null, "045", false, 0, 0 },
        { null, null, true, 0, 0 },
        { "N-7", "bus:9", true, 0, 1_512_000_000 },
        { "r", "v", true, -900_000_000, 0 },
        { "", Nasty, false, long.MinValue, long.MaxValue },
    };

    [Theory]
    [MemberData(nameof(Journeys))]
    public void BusValidatorEventBytesEqualProtocolCodec(string? route, string? vehicle, bool hasFix, long latE7, long lonE7)
    {
        var fw = new Fw.PassageEvent("bv-01", 42, PassageTypes.Boarded, "04A1B2C3", Reasons.Ok, true, 1_767_225_600_000)
        {
            Route = route!, Vehicle = vehicle!, HasFix = hasFix, LatE7 = latE7, LonE7 = lonE7,
        };
        var expected = new PassageEvent("bv-01", 42, PassageTypes.Boarded, "04A1B2C3", Reasons.Ok, true, 1_767_225_600_000,
            route, vehicle, hasFix, latE7, lonE7);

        var core = Fw.WireCodec.Encode(fw);

        AssertSameBytes(ProtocolCodec.Encode(expected), core);
        Assert.True(ProtocolCodec.TryDecode(core, ProtocolJsonContext.Default.PassageEvent, out var back, out _));
        Assert.Equal(expected, back);
        Assert.True(Fw.WireCodec.TryDecode(ProtocolCodec.Encode(expected), out Fw.PassageEvent read));
        AssertSameBytes(ProtocolCodec.Encode(expected), Fw.WireCodec.Encode(read));
        Assert.Equal((route, vehicle, hasFix, latE7, lonE7), (read.Route, read.Vehicle, read.HasFix, read.LatE7, read.LonE7));
    }

    [Fact]
    public void ATurnstileEventHasNoJourneyFieldsOnTheWire()
    {
        var core = Fw.WireCodec.Encode(new Fw.PassageEvent("ts-01", 1, PassageTypes.Entered, "04A1B2", Reasons.Ok, false, 5));

        AssertSameBytes(
            """{"deviceId":"ts-01","seq":1,"type":"entered","cardId":"04A1B2","reason":"ok","offline":false,"ts":5}"""u8.ToArray(), core);
        Assert.True(Fw.WireCodec.TryDecode(core, out Fw.PassageEvent read));
        Assert.Null(read.Route);
        Assert.Null(read.Vehicle);
        Assert.False(read.HasFix);
        Assert.Equal((0L, 0L), (read.LatE7, read.LonE7));
    }

    [Fact]
    public void ABusValidatorEventReadsTheSameInAnyMemberOrderAndWithNulls()
    {
        var json = """{ "lonE7": -583816667, "route": null, "hasFix": true, "ts": 9, "offline": false, "reason": "ok", "cardId": "04A1", "type": "alighted", "seq": 3, "deviceId": "bv-01", "latE7": -346033333, "vehicle": "045" }"""u8.ToArray();

        Assert.True(Fw.WireCodec.TryDecode(json, out Fw.PassageEvent read));
        Assert.True(ProtocolCodec.TryDecode(json, ProtocolJsonContext.Default.PassageEvent, out var sdk, out _));

        Assert.Equal(sdk, new PassageEvent(read.DeviceId, read.Seq, read.Type, read.CardId, read.Reason, read.Offline, read.Ts,
            read.Route, read.Vehicle, read.HasFix, read.LatE7, read.LonE7));
    }

    [Theory]
    [InlineData("""{"deviceId":"bv-01","seq":1,"type":"boarded","cardId":"04A1","reason":"ok","offline":false,"ts":1,"route":12}""")]
    [InlineData("""{"deviceId":"bv-01","seq":1,"type":"boarded","cardId":"04A1","reason":"ok","offline":false,"ts":1,"hasFix":"true"}""")]
    [InlineData("""{"deviceId":"bv-01","seq":1,"type":"boarded","cardId":"04A1","reason":"ok","offline":false,"ts":1,"hasFix":null}""")]
    [InlineData("""{"deviceId":"bv-01","seq":1,"type":"boarded","cardId":"04A1","reason":"ok","offline":false,"ts":1,"latE7":43.2}""")]
    [InlineData("""{"deviceId":"bv-01","seq":1,"type":"boarded","cardId":"04A1","reason":"ok","offline":false,"ts":1,"lonE7":99999999999999999999}""")]
    [InlineData("""{"deviceId":"bv-01","seq":1,"type":"boarded","cardId":"04A1","reason":"ok","offline":false,"ts":1,"latE7":1,"latE7":2}""")]
    [InlineData("""{"deviceId":"bv-01","seq":1,"type":"boarded","cardId":"04A1","reason":"ok","ts":1,"route":"12"}""")]
    public void BothCodecsRefuseAMalformedBusValidatorEvent(string json)
    {
        var payload = Encoding.UTF8.GetBytes(json);

        Assert.False(Fw.WireCodec.TryDecode(payload, out Fw.PassageEvent _));
        Assert.False(ProtocolCodec.TryDecode(payload, ProtocolJsonContext.Default.PassageEvent, out _, out _));
    }

    [Theory]
    [InlineData(0L, 0, 0L)]
    [InlineData(86_400L * 365, 500, 1_767_225_600_000L)]
    [InlineData(long.MaxValue, int.MaxValue, long.MaxValue)]
    [InlineData(1L, -1, long.MinValue)]
    public void HeartbeatBytesEqualProtocolCodec(long uptimeS, int pending, long ts)
    {
        var core = Fw.WireCodec.Encode(new Fw.Heartbeat("ts-01", uptimeS, pending, ts));
        var expected = new Heartbeat("ts-01", uptimeS, pending, ts);

        AssertSameBytes(ProtocolCodec.Encode(expected), core);
        Assert.True(ProtocolCodec.TryDecode(core, ProtocolJsonContext.Default.Heartbeat, out var back, out _));
        Assert.Equal(expected, back);
    }

    [Theory]
    [InlineData(1L, true, "ok", 5000)]
    [InlineData(long.MaxValue, false, Nasty, int.MinValue)]
    public void GatewayMessagesEncodeTheSameWayToo(long requestId, bool allow, string reason, int openMs)
    {
        AssertSameBytes(
            ProtocolCodec.Encode(new AccessDecision(requestId, allow, reason, openMs)),
            Fw.WireCodec.Encode(new Fw.AccessDecision(requestId, allow, reason, openMs)));
        AssertSameBytes(ProtocolCodec.Encode(new EventAck(requestId)), Fw.WireCodec.Encode(new Fw.EventAck(requestId)));
    }

    [Theory]
    [InlineData(1L, true, "ok", 5000)]
    [InlineData(42L, false, "card_revoked", 0)]
    [InlineData(long.MaxValue, true, Nasty, int.MaxValue)]
    [InlineData(-5L, false, "", int.MinValue)]
    public void DecodesAccessDecisionsEncodedByProtocolCodec(long requestId, bool allow, string reason, int openMs)
    {
        var payload = ProtocolCodec.Encode(new AccessDecision(requestId, allow, reason, openMs));

        Assert.True(Fw.WireCodec.TryDecode(payload, out Fw.AccessDecision decision));
        Assert.Equal(requestId, decision.RequestId);
        Assert.Equal(allow, decision.Allow);
        Assert.Equal(reason, decision.Reason);
        Assert.Equal(openMs, decision.OpenMs);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(9_007_199_254_740_993L)]
    [InlineData(long.MaxValue)]
    public void DecodesEventAcksEncodedByProtocolCodec(long seq)
    {
        Assert.True(Fw.WireCodec.TryDecode(ProtocolCodec.Encode(new EventAck(seq)), out Fw.EventAck ack));
        Assert.Equal(seq, ack.Seq);
    }

    [Theory]
    [InlineData(1L, true, "ok", 5000, "Welcome")]
    [InlineData(42L, false, "anti_passback", 0, "Already inside - see security")]
    [InlineData(7L, false, "outside_shift", 0, "")]
    [InlineData(long.MaxValue, true, "staff_override", int.MaxValue, Nasty)]
    public void DecisionsWithLaneTextHaveTheSameBytesBothWays(long requestId, bool allow, string reason, int openMs, string text)
    {
        var sdk = ProtocolCodec.Encode(new AccessDecision(requestId, allow, reason, openMs, text));
        var core = Fw.WireCodec.Encode(new Fw.AccessDecision(requestId, allow, reason, openMs, text));

        AssertSameBytes(sdk, core);
        Assert.True(Fw.WireCodec.TryDecode(sdk, out Fw.AccessDecision decoded));
        Assert.Equal(text, decoded.Text);
        Assert.Equal((requestId, allow, reason, openMs), (decoded.RequestId, decoded.Allow, decoded.Reason, decoded.OpenMs));
        Assert.True(ProtocolCodec.TryDecode(core, ProtocolJsonContext.Default.AccessDecision, out var back, out _));
        Assert.Equal(new AccessDecision(requestId, allow, reason, openMs, text), back);
    }

    [Fact]
    public void ADecisionWithoutTextKeepsTheBytesItHadBeforeTheFieldExisted()
    {
        const string before = """{"requestId":7,"allow":true,"reason":"ok","openMs":5000}""";

        Assert.Equal(before, Encoding.UTF8.GetString(ProtocolCodec.Encode(new AccessDecision(7, true, "ok", 5000))));
        Assert.Equal(before, Encoding.UTF8.GetString(Fw.WireCodec.Encode(new Fw.AccessDecision(7, true, "ok", 5000))));
        Assert.True(Fw.WireCodec.TryDecode(Encoding.UTF8.GetBytes(before), out Fw.AccessDecision decoded));
        Assert.Null(decoded.Text);
    }

    [Fact]
    public void ADecisionWhoseTextIsNotAStringStillDecodesWithoutText()
    {
        var payload = """{"requestId":7,"allow":false,"reason":"anti_passback","openMs":0,"text":12}"""u8.ToArray();

        Assert.True(Fw.WireCodec.TryDecode(payload, out Fw.AccessDecision decoded));
        Assert.False(decoded.Allow);
        Assert.Null(decoded.Text);
    }

    // A repeated field is ambiguous (the first "allow" or the second?), so neither codec may pick one.
    [Theory]
    [InlineData("""{"requestId":7,"allow":false,"reason":"unknown_card","openMs":0,"allow":true}""")]
    [InlineData("""{"requestId":7,"allow":true,"reason":"ok","openMs":3000,"\u0072equestId":8}""")]
    [InlineData("""{"requestId":7,"allow":true,"reason":"ok","reason":"card_revoked","openMs":3000}""")]
    public void BothCodecsRefuseADecisionThatNamesAFieldTwice(string json)
    {
        var payload = Encoding.UTF8.GetBytes(json);

        Assert.False(Fw.WireCodec.TryDecode(payload, out Fw.AccessDecision _));
        Assert.False(ProtocolCodec.TryDecode(payload, ProtocolJsonContext.Default.AccessDecision, out _, out _));
    }

    [Fact]
    public void BothCodecsRefuseAnAckOrAnAccessListThatNamesAFieldTwice()
    {
        var ack = """{"seq":3,"seq":900}"""u8.ToArray();
        var list = """{"version":2,"cards":["a"],"cards":["a","revoked"]}"""u8.ToArray();

        Assert.False(Fw.WireCodec.TryDecode(ack, out Fw.EventAck _));
        Assert.False(ProtocolCodec.TryDecode(ack, ProtocolJsonContext.Default.EventAck, out _, out _));
        Assert.False(Fw.WireCodec.TryDecode(list, 4000, out Fw.AccessList _));
        Assert.False(ProtocolCodec.TryDecode(list, ProtocolJsonContext.Default.AccessList, out _, out _));
    }

    [Theory]
    [InlineData(1L, 0)]
    [InlineData(9_007_199_254_740_993L, 199)]
    [InlineData(long.MaxValue, int.MaxValue)]
    [InlineData(long.MinValue, int.MinValue)]
    public void TemplateDeleteBytesEqualAndTheCoreDecodesWhatTheGatewaySends(long commandId, int templateId)
    {
        var payload = ProtocolCodec.Encode(new TemplateDelete(commandId, templateId));

        AssertSameBytes(payload, Fw.WireCodec.Encode(new Fw.TemplateDelete(commandId, templateId)));
        Assert.True(Fw.WireCodec.TryDecode(payload, out Fw.TemplateDelete command));
        Assert.Equal(commandId, command.CommandId);
        Assert.Equal(templateId, command.TemplateId);
    }

    [Theory]
    [InlineData("ts-01", 1L, 0)]
    [InlineData("bus:7.A_b-c", long.MaxValue, 65535)]
    [InlineData(Nasty, long.MinValue, int.MinValue)]
    public void TemplateDeletedBytesEqualProtocolCodec(string id, long commandId, int templateId)
    {
        var core = Fw.WireCodec.Encode(new Fw.TemplateDeleted(id, commandId, templateId));
        var expected = new TemplateDeleted(id, commandId, templateId);

        AssertSameBytes(ProtocolCodec.Encode(expected), core);
        Assert.True(ProtocolCodec.TryDecode(core, ProtocolJsonContext.Default.TemplateDeleted, out var back, out _));
        Assert.Equal(expected, back);
    }

    [Theory]
    [InlineData("""{"commandId":1,"templateId":7,"templateId":8}""")]
    [InlineData("""{"commandId":1}""")]
    [InlineData("""{"commandId":1,"templateId":2147483648}""")]
    [InlineData("""{"commandId":1,"templateId":"7"}""")]
    public void BothCodecsRefuseTheSameMalformedDeleteCommands(string json)
    {
        var payload = Encoding.UTF8.GetBytes(json);

        Assert.False(Fw.WireCodec.TryDecode(payload, out Fw.TemplateDelete _));
        Assert.False(ProtocolCodec.TryDecode(payload, ProtocolJsonContext.Default.TemplateDelete, out _, out _));
    }

    private static void AssertSameBytes(byte[] expected, byte[] actual) =>
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
}
