using System.Buffers;
using System.Net.Http.Json;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Biometrics;

namespace SchoolGate.Gateway.Tests.Biometrics;

/// <summary>API helpers: a guardian's consent and a template's enrollment, as a school admin records them.</summary>
internal static class Fingerprints
{
    public static async Task<long> LinkedGuardianAsync(this TestGateway gateway, long studentId)
    {
        var guardian = await gateway.CreateGuardianAsync("Gulnara");
        await gateway.LinkGuardianAsync(studentId, guardian);
        return guardian;
    }

    public static async Task<BiometricConsent> ConsentAsync(this TestGateway gateway, long studentId, long? guardianId = null) =>
        await gateway.PostAsync<BiometricConsent>($"/api/students/{studentId}/biometric-consents",
            new { guardianId = guardianId ?? await gateway.LinkedGuardianAsync(studentId), method = "signed-form", documentRef = "form 2025/17" });

    public static Task<BiometricEnrollment> EnrollAsync(this TestGateway gateway, long studentId, string deviceId, int templateId) =>
        gateway.PostAsync<BiometricEnrollment>($"/api/students/{studentId}/biometric-templates", new { deviceId, templateId });

    public static Task<BiometricConsent> RevokeAsync(this TestGateway gateway, long studentId, long consentId, string reason = "the guardian withdrew consent") =>
        gateway.PostAsync<BiometricConsent>($"/api/students/{studentId}/biometric-consents/{consentId}/revoke", new { reason });

    public static Task<BiometricEnrollment[]> EnrollmentsAsync(this TestGateway gateway, long studentId) =>
        gateway.GetAsync<BiometricEnrollment[]>($"/api/students/{studentId}/biometric-templates");

    /// <summary>The next template delete the device receives.</summary>
    public static async Task<TemplateDelete> NextDeleteAsync(this TestDevice device)
    {
        var message = await device.NextAsync(Topics.BiometricDelete);
        Assert.False(message.Retain);
        Assert.True(ProtocolCodec.TryDecode(message.Payload.ToArray(), ProtocolJsonContext.Default.TemplateDelete, out var command, out var error), error);
        return command;
    }

    /// <summary>The device deleted the template from its module and says so.</summary>
    public static async Task ConfirmAsync(this TestDevice device, TemplateDelete command)
    {
        var published = await device.PublishAsync(Topics.BiometricDeleted,
            ProtocolCodec.Encode(new TemplateDeleted(device.DeviceId, command.CommandId, command.TemplateId)));
        Assert.True(published.IsSuccess, $"confirmation refused: {published.ReasonCode}");
    }

    public static async Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) =>
        await client.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static Task<T?> ReadAsync<T>(this HttpResponseMessage response) => response.Content.ReadFromJsonAsync<T>();
}
