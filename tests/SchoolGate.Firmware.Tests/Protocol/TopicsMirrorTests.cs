using SchoolGate.DeviceSdk.Protocol;
using Fw = SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Tests.Protocol;

public class TopicsMirrorTests
{
    [Fact]
    public void CoreTopicsEqualDeviceSdkTopics()
    {
        Assert.Equal(Topics.Root, Fw.Topics.Root);
        Assert.Equal(Topics.DevicesRoot, Fw.Topics.DevicesRoot);
        Assert.Equal(Topics.State, Fw.Topics.State);
        Assert.Equal(Topics.AccessRequest, Fw.Topics.AccessRequest);
        Assert.Equal(Topics.AccessDecision, Fw.Topics.AccessDecision);
        Assert.Equal(Topics.Events, Fw.Topics.Events);
        Assert.Equal(Topics.EventAck, Fw.Topics.EventAck);
        Assert.Equal(Topics.Heartbeat, Fw.Topics.Heartbeat);
        Assert.Equal(Topics.AccessList, Fw.Topics.AccessList);
        Assert.Equal(Topics.BiometricDelete, Fw.Topics.BiometricDelete);
        Assert.Equal(Topics.BiometricDeleted, Fw.Topics.BiometricDeleted);
        Assert.Equal(Topics.DevicePrefix("ts-01"), Fw.Topics.DevicePrefix("ts-01"));
        Assert.Equal(Topics.ForDevice("ts-01", Topics.EventAck), Fw.Topics.ForDevice("ts-01", Fw.Topics.EventAck));
    }

    [Fact]
    public void CoreProtocolNamesEqualDeviceSdkNames()
    {
        string[] sdk =
        [
            DeviceKinds.Turnstile, DeviceKinds.BusValidator, DeviceKinds.CanteenTerminal,
            DeviceStatus.Online, DeviceStatus.Offline, Directions.In, Directions.Out,
            PassageTypes.Entered, PassageTypes.Exited, PassageTypes.Refused, PassageTypes.Abandoned, PassageTypes.Boarded, PassageTypes.Alighted,
            Reasons.Ok, Reasons.UnknownCard, Reasons.CardRevoked, Reasons.WrongSchool, Reasons.StudentInactive,
            Reasons.UnknownDevice, Reasons.WrongDeviceKind, Reasons.OfflineList, Reasons.NotInOfflineList,
            Reasons.NotASchoolDay, Reasons.OutsideShift, Reasons.CardNotYetValid, Reasons.CardExpired, Reasons.AntiPassback,
            Reasons.TemporaryPass, Reasons.StaffOverride, Reasons.MaxTextLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        string[] core =
        [
            Fw.DeviceKinds.Turnstile, Fw.DeviceKinds.BusValidator, Fw.DeviceKinds.CanteenTerminal,
            Fw.DeviceStatus.Online, Fw.DeviceStatus.Offline, Fw.Directions.In, Fw.Directions.Out,
            Fw.PassageTypes.Entered, Fw.PassageTypes.Exited, Fw.PassageTypes.Refused, Fw.PassageTypes.Abandoned, Fw.PassageTypes.Boarded, Fw.PassageTypes.Alighted,
            Fw.Reasons.Ok, Fw.Reasons.UnknownCard, Fw.Reasons.CardRevoked, Fw.Reasons.WrongSchool, Fw.Reasons.StudentInactive,
            Fw.Reasons.UnknownDevice, Fw.Reasons.WrongDeviceKind, Fw.Reasons.OfflineList, Fw.Reasons.NotInOfflineList,
            Fw.Reasons.NotASchoolDay, Fw.Reasons.OutsideShift, Fw.Reasons.CardNotYetValid, Fw.Reasons.CardExpired, Fw.Reasons.AntiPassback,
            Fw.Reasons.TemporaryPass, Fw.Reasons.StaffOverride, Fw.Reasons.MaxTextLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];

        Assert.Equal(sdk, core);
    }

    // nanoCLR keeps strings as UTF-8; a nanoCLR built from source gave characters outside the BMP
    // back as U+FFFD (nf-interpreter src/CLR/Core/CLR_RT_UnicodeHelper.cpp, reworked in #3247), so
    // the codecs' byte equality is only claimed for ASCII on a device: every string a device
    // writes must be a protocol code or id.
    [Fact]
    public void EveryCodeADeviceWritesIsAsciiSoTheDeviceWritesTheSameBytesAsDotNet()
    {
        var codes = new[] { typeof(Reasons), typeof(PassageTypes), typeof(Directions), typeof(DeviceStatus), typeof(DeviceKinds) }
            .SelectMany(type => type.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetValue(null)!)
            .Append(new SchoolGate.Firmware.Core.Turnstile.TurnstileConfig().Firmware)
            .Append(new SchoolGate.Firmware.Core.BusValidator.BusValidatorConfig().Firmware)
            .ToList();

        Assert.True(codes.Count > 15, "the reflection found the code classes");
        Assert.All(codes, code => Assert.True(Fw.DeviceIds.IsValid(code), $"'{code}' is not an ASCII protocol code"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(10)]
    [InlineData(65535)]
    [InlineData(int.MaxValue)]
    public void CoreFingerprintCredentialsEqualDeviceSdkCredentials(int templateId)
    {
        Assert.Equal(Credentials.FingerprintPrefix, Fw.Credentials.FingerprintPrefix);
        Assert.Equal(Credentials.Fingerprint(templateId), Fw.Credentials.Fingerprint(templateId));
        Assert.True(Credentials.TryParseFingerprint(Fw.Credentials.Fingerprint(templateId), out var back));
        Assert.Equal(templateId, back);
        Assert.True(Fw.DeviceIds.IsValid(Fw.Credentials.Fingerprint(templateId)));
    }

    [Theory]
    [InlineData("ts-01")]
    [InlineData("A.b_c:9")]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a+b")]
    [InlineData("é")]
    [InlineData(null)]
    public void CoreIdRulesEqualDeviceSdkRules(string? id)
    {
        Assert.Equal(DeviceIds.IsValid(id), Fw.DeviceIds.IsValid(id));
    }

    [Fact]
    public void IdLengthLimitIsTheSame()
    {
        Assert.Equal(DeviceIds.MaxLength, Fw.DeviceIds.MaxLength);
        Assert.True(Fw.DeviceIds.IsValid(new string('a', 64)));
        Assert.False(Fw.DeviceIds.IsValid(new string('a', 65)));
    }
}
