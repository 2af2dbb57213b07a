using System.Net.Http.Json;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Biometrics;

namespace SchoolGate.Gateway.Tests.Biometrics;

/// <summary>A turnstile's fingerprint matches (fp:N over real MQTT) and the template deletes that follow a revocation.</summary>
public sealed class FingerprintAccessTests
{
    [Fact]
    public async Task AMatchedTemplateWithAConsentInForceOpensTheLane()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await gateway.ConsentAsync(s.StudentId);
        await gateway.EnrollAsync(s.StudentId, s.DeviceId, 7);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var decision = await device.RequestAccessAsync("fp:7");

        Assert.True(decision.Allow);
        Assert.Equal(Reasons.Ok, decision.Reason);
        Assert.Equal(5000, decision.OpenMs);
    }

    [Fact]
    public async Task AnUnenrolledTemplateIsAnUnknownCard()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await gateway.ConsentAsync(s.StudentId);
        await gateway.EnrollAsync(s.StudentId, s.DeviceId, 7);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        Assert.Equal(Reasons.UnknownCard, (await device.RequestAccessAsync("fp:8")).Reason);
        Assert.Equal(Reasons.UnknownCard, (await device.RequestAccessAsync("fp:07")).Reason);
        Assert.Equal(Reasons.UnknownCard, (await device.RequestAccessAsync("fp:")).Reason);
    }

    [Fact]
    public async Task TheSameTemplateNumberFromAnotherTurnstileIsUnknown()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var otherSecret = await gateway.RegisterDeviceAsync("turnstile-east", s.SchoolId);
        await gateway.ConsentAsync(s.StudentId);
        await gateway.EnrollAsync(s.StudentId, s.DeviceId, 7);
        await using var other = await gateway.ConnectAsync("turnstile-east", otherSecret);

        var decision = await other.RequestAccessAsync("fp:7");

        Assert.False(decision.Allow);
        Assert.Equal(Reasons.UnknownCard, decision.Reason);
    }

    [Fact]
    public async Task RevokingTheConsentDeniesTheNextMatchAndTheDeviceDeletesTheTemplate()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var consent = await gateway.ConsentAsync(s.StudentId);
        var enrollment = await gateway.EnrollAsync(s.StudentId, s.DeviceId, 7);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        Assert.True((await device.RequestAccessAsync("fp:7")).Allow);

        var revoked = await gateway.RevokeAsync(s.StudentId, consent.Id, "the mother withdrew consent in writing");

        Assert.False(revoked.InForce);
        Assert.Equal("the mother withdrew consent in writing", revoked.RevokeReason);
        var command = await device.NextDeleteAsync();
        Assert.Equal(new TemplateDelete(enrollment.Id, 7), command);

        // The mapping is gone at once, while the template is still on the module (not confirmed yet).
        var denied = await device.RequestAccessAsync("fp:7");
        Assert.False(denied.Allow);
        Assert.Equal(Reasons.UnknownCard, denied.Reason);
        var deleting = Assert.Single(await gateway.EnrollmentsAsync(s.StudentId));
        Assert.Equal(EnrollmentStates.Deleting, deleting.State);
        Assert.Equal(revoked.RevokedAt, deleting.RemovedAt);
        Assert.NotNull(deleting.DeleteSentAt);

        await device.ConfirmAsync(command);

        var deleted = Assert.Single(await gateway.EnrollmentsAsync(s.StudentId));
        Assert.Equal(EnrollmentStates.Deleted, deleted.State);
        Assert.Equal(gateway.Time.GetUtcNow(), deleted.DeletedAt);
        Assert.Equal(1, deleted.DeleteAttempts);
        var metrics = await gateway.MetricsAsync();
        Assert.Equal(1, metrics["templateDeletesSent"]);
        Assert.Equal(1, metrics["templateDeletesConfirmed"]);
    }

    [Fact]
    public async Task TheCardStillOpensTheLaneAfterTheConsentIsRevoked()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var consent = await gateway.ConsentAsync(s.StudentId);
        await gateway.EnrollAsync(s.StudentId, s.DeviceId, 7);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        await gateway.RevokeAsync(s.StudentId, consent.Id);

        Assert.False((await device.RequestAccessAsync("fp:7")).Allow);
        Assert.True((await device.RequestAccessAsync(s.CardId)).Allow);
    }

    [Fact]
    public async Task AnOfflineTurnstileGetsTheDeleteWhenItReconnects()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var consent = await gateway.ConsentAsync(s.StudentId);
        var enrollment = await gateway.EnrollAsync(s.StudentId, s.DeviceId, 12);

        await gateway.RevokeAsync(s.StudentId, consent.Id);
        Assert.Equal(0, (await gateway.MetricsAsync())["templateDeletesSent"]);
        Assert.Null(Assert.Single(await gateway.EnrollmentsAsync(s.StudentId)).DeleteSentAt);

        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var command = await device.NextDeleteAsync();
        Assert.Equal(new TemplateDelete(enrollment.Id, 12), command);
        await device.ConfirmAsync(command);

        Assert.Equal(EnrollmentStates.Deleted, Assert.Single(await gateway.EnrollmentsAsync(s.StudentId)).State);
    }

    [Fact]
    public async Task AnUnconfirmedDeleteIsSentAgainUntilTheDeviceConfirms()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var consent = await gateway.ConsentAsync(s.StudentId);
        await gateway.EnrollAsync(s.StudentId, s.DeviceId, 7);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        await gateway.RevokeAsync(s.StudentId, consent.Id);
        var first = await device.NextDeleteAsync();

        // The device lost it (a reboot mid-delete): nothing is confirmed, so it comes again.
        gateway.Time.Advance(TimeSpan.FromSeconds(30));
        var again = await device.NextDeleteAsync();

        Assert.Equal(first, again);
        await device.ConfirmAsync(again);
        // A late duplicate confirmation (the first copy's) is fine and changes nothing.
        await device.ConfirmAsync(first);
        var deleted = Assert.Single(await gateway.EnrollmentsAsync(s.StudentId));
        Assert.Equal(EnrollmentStates.Deleted, deleted.State);
        Assert.Equal(2, deleted.DeleteAttempts);
        Assert.Equal(1, (await gateway.MetricsAsync())["templateDeletesConfirmed"]);

        // Confirmed: the sweep sends nothing more.
        gateway.Time.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(200);
        Assert.Equal(2, (await gateway.MetricsAsync())["templateDeletesSent"]);
    }

    [Fact]
    public async Task PendingDeletesSurviveAGatewayRestart()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var consent = await gateway.ConsentAsync(s.StudentId);
        var enrollment = await gateway.EnrollAsync(s.StudentId, s.DeviceId, 3);
        await gateway.RevokeAsync(s.StudentId, consent.Id);

        await gateway.RestartAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        Assert.Equal(new TemplateDelete(enrollment.Id, 3), await device.NextDeleteAsync());
    }

    [Fact]
    public async Task DeactivatingTheStudentRemovesTheirTemplatesFromEveryTurnstile()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var eastSecret = await gateway.RegisterDeviceAsync("turnstile-east", s.SchoolId);
        await gateway.ConsentAsync(s.StudentId);
        var main = await gateway.EnrollAsync(s.StudentId, s.DeviceId, 7);
        var east = await gateway.EnrollAsync(s.StudentId, "turnstile-east", 40);
        await using var mainDevice = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        await using var eastDevice = await gateway.ConnectAsync("turnstile-east", eastSecret);

        var response = await gateway.Http.PatchAsJsonAsync($"/api/students/{s.StudentId}", new { active = false });
        response.EnsureSuccessStatusCode();

        Assert.Equal(new TemplateDelete(main.Id, 7), await mainDevice.NextDeleteAsync());
        Assert.Equal(new TemplateDelete(east.Id, 40), await eastDevice.NextDeleteAsync());
        Assert.All(await gateway.EnrollmentsAsync(s.StudentId), e => Assert.Equal("student deactivated", e.RemoveReason));
    }

    [Fact]
    public async Task RemovingOneEnrollmentLeavesTheOthersWorking()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await gateway.ConsentAsync(s.StudentId);
        var thumb = await gateway.EnrollAsync(s.StudentId, s.DeviceId, 7);
        await gateway.EnrollAsync(s.StudentId, s.DeviceId, 8);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var removed = await gateway.PostAsync<BiometricEnrollment>(
            $"/api/students/{s.StudentId}/biometric-templates/{thumb.Id}/remove", new { reason = "finger injured, re-enrolled as 8" });

        Assert.Equal(EnrollmentStates.Deleting, removed.State);
        Assert.Equal(new TemplateDelete(thumb.Id, 7), await device.NextDeleteAsync());
        Assert.False((await device.RequestAccessAsync("fp:7")).Allow);
        Assert.True((await device.RequestAccessAsync("fp:8")).Allow);
    }

    [Fact]
    public async Task ASlotTakesAnotherFingerOnlyOnceTheDeviceConfirmedItsDelete()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var consent = await gateway.ConsentAsync(s.StudentId);
        await gateway.EnrollAsync(s.StudentId, s.DeviceId, 7);
        var brother = await gateway.CreateStudentAsync(s.SchoolId, "Bolat");
        await gateway.ConsentAsync(brother);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        await gateway.RevokeAsync(s.StudentId, consent.Id);
        var command = await device.NextDeleteAsync();

        var tooEarly = await gateway.Http.PostAsJsonAsync($"/api/students/{brother}/biometric-templates", new { deviceId = s.DeviceId, templateId = 7 });
        Assert.Equal(System.Net.HttpStatusCode.Conflict, tooEarly.StatusCode);

        await device.ConfirmAsync(command);
        await gateway.EnrollAsync(brother, s.DeviceId, 7);
        Assert.True((await device.RequestAccessAsync("fp:7")).Allow);
    }

    [Fact]
    public async Task AConfirmationOfADeleteNeverSentIsRefusedAndCounted()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await gateway.ConsentAsync(s.StudentId);
        var enrollment = await gateway.EnrollAsync(s.StudentId, s.DeviceId, 7);
        var otherSecret = await gateway.RegisterDeviceAsync("turnstile-east", s.SchoolId);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        await using var other = await gateway.ConnectAsync("turnstile-east", otherSecret);

        // Active, never sent: a device must not end a mapping by claiming a delete.
        var unsent = await device.PublishAsync(Topics.BiometricDeleted,
            ProtocolCodec.Encode(new TemplateDeleted(s.DeviceId, enrollment.Id, 7)));
        // Another device's command.
        var foreign = await other.PublishAsync(Topics.BiometricDeleted,
            ProtocolCodec.Encode(new TemplateDeleted("turnstile-east", enrollment.Id, 7)));
        var garbage = await device.PublishAsync(Topics.BiometricDeleted, """{"commandId":"x"}"""u8.ToArray());
        var wrongId = await device.PublishAsync(Topics.BiometricDeleted,
            ProtocolCodec.Encode(new TemplateDeleted("turnstile-east", enrollment.Id, 7)));

        Assert.All([unsent, foreign, garbage, wrongId], r => Assert.Equal(MQTTnet.MqttClientPublishReasonCode.PayloadFormatInvalid, r.ReasonCode));
        Assert.Equal(4, (await gateway.MetricsAsync())["malformedPayloads"]);
        Assert.Equal(EnrollmentStates.Active, Assert.Single(await gateway.EnrollmentsAsync(s.StudentId)).State);
        Assert.True((await device.RequestAccessAsync("fp:7")).Allow);
    }
}
