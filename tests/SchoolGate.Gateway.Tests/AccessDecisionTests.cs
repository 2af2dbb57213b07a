using System.Net.Http.Json;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Tests;

public sealed class AccessDecisionTests
{
    [Fact]
    public async Task AllowsKnownActiveCard()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var decision = await device.RequestAccessAsync(s.CardId);

        Assert.True(decision.Allow);
        Assert.Equal(Reasons.Ok, decision.Reason);
        Assert.Equal(5000, decision.OpenMs);
        var metrics = await gateway.MetricsAsync();
        Assert.Equal(1, metrics["accessRequests"]);
        Assert.Equal(1, metrics["accessAllowed"]);
    }

    [Fact]
    public async Task DeniesEntryWhenCardIsRevoked()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        Assert.True((await device.RequestAccessAsync(s.CardId)).Allow);

        var revoke = await gateway.Http.PostAsync($"/api/cards/{s.CardId}/revoke", null);
        revoke.EnsureSuccessStatusCode();
        var decision = await device.RequestAccessAsync(s.CardId);

        Assert.False(decision.Allow);
        Assert.Equal(Reasons.CardRevoked, decision.Reason);
        Assert.Equal(0, decision.OpenMs);
    }

    [Fact]
    public async Task DeniesUnknownCard()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var decision = await device.RequestAccessAsync("no-such-card");

        Assert.False(decision.Allow);
        Assert.Equal(Reasons.UnknownCard, decision.Reason);
        Assert.Equal(1, (await gateway.MetricsAsync())["accessDenied"]);
    }

    [Fact]
    public async Task DeniesCardOfAnotherSchool()
    {
        await using var gateway = await TestGateway.StartAsync();
        var here = await gateway.SeedAsync("School 7", "Aruzhan");
        var elsewhere = await gateway.SeedAsync("School 12", "Dias");
        await using var device = await gateway.ConnectAsync(here.DeviceId, here.Secret);

        var decision = await device.RequestAccessAsync(elsewhere.CardId);

        Assert.False(decision.Allow);
        Assert.Equal(Reasons.WrongSchool, decision.Reason);
    }

    [Fact]
    public async Task DeniesStudentWhoIsNoLongerActive()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var patch = await gateway.Http.PatchAsJsonAsync($"/api/students/{s.StudentId}", new { active = false });
        patch.EnsureSuccessStatusCode();
        var decision = await device.RequestAccessAsync(s.CardId);

        Assert.False(decision.Allow);
        Assert.Equal(Reasons.StudentInactive, decision.Reason);
    }

    [Fact]
    public async Task DeniesCardsAtARegisteredDeviceThatIsNotATurnstileForItsKind()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var secret = await gateway.RegisterDeviceAsync("bus-17", s.SchoolId, DeviceKinds.BusValidator);
        await using var bus = await gateway.ConnectAsync("bus-17", secret);

        var decision = await bus.RequestAccessAsync(s.CardId);

        Assert.False(decision.Allow);
        Assert.Equal(Reasons.WrongDeviceKind, decision.Reason);
        Assert.Equal(1, (await gateway.MetricsAsync())["accessDenied"]);
    }

    [Fact]
    public async Task DeniesWithUnknownDeviceWhenTheAskingDeviceIsNoLongerRegistered()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        gateway.Store.Execute($"DELETE FROM devices WHERE device_id = '{s.DeviceId}'");
        var decision = await device.RequestAccessAsync(s.CardId);

        Assert.False(decision.Allow);
        Assert.Equal(Reasons.UnknownDevice, decision.Reason);
    }
}
