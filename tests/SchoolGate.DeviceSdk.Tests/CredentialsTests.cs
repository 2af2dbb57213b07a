using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.DeviceSdk.Tests;

public class CredentialsTests
{
    [Theory]
    [InlineData(0, "fp:0")]
    [InlineData(7, "fp:7")]
    [InlineData(65535, "fp:65535")]
    public void AFingerprintCredentialIsFpAndTheTemplateNumber(int templateId, string expected)
    {
        Assert.Equal(expected, Credentials.Fingerprint(templateId));
        Assert.True(Credentials.TryParseFingerprint(expected, out var back));
        Assert.Equal(templateId, back);
        Assert.True(DeviceIds.IsValid(expected));
    }

    // One template, one spelling: "fp:07" must not reach template 7 by another id.
    [Theory]
    [InlineData("fp:")]
    [InlineData("fp:07")]
    [InlineData("fp:-1")]
    [InlineData("fp:+1")]
    [InlineData("fp:1a")]
    [InlineData("fp:2147483648")]
    [InlineData("fp:99999999999")]
    [InlineData("FP:7")]
    [InlineData("04A1B2")]
    [InlineData(null)]
    public void AnythingElseIsNotAFingerprintCredential(string? cardId)
    {
        Assert.False(Credentials.TryParseFingerprint(cardId, out _));
    }

    [Fact]
    public void TheDeleteTopicsLiveUnderTheDevice()
    {
        Assert.Equal("schoolgate/v1/devices/ts-1/biometric/delete", Topics.ForDevice("ts-1", Topics.BiometricDelete));
        Assert.Equal("schoolgate/v1/devices/ts-1/biometric/deleted", Topics.ForDevice("ts-1", Topics.BiometricDeleted));
    }

    [Fact]
    public void DeleteMessagesHaveTheirDocumentedBytes()
    {
        Assert.Equal("""{"commandId":41,"templateId":7}"""u8.ToArray(), ProtocolCodec.Encode(new TemplateDelete(41, 7)));
        Assert.Equal("""{"deviceId":"ts-1","commandId":41,"templateId":7}"""u8.ToArray(), ProtocolCodec.Encode(new TemplateDeleted("ts-1", 41, 7)));
    }
}
