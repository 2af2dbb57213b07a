using System.Net;
using System.Net.Http.Json;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Tests.EntranceRules;

/// <summary>Hard anti-passback over real MQTT: presence from the passages, a reset by security, the day boundary.</summary>
public sealed class AntiPassbackTests
{
    [Fact]
    public async Task DeniesASecondEntryUntilTheStudentHasExited()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await gateway.RulesAsync(s.SchoolId, new { antiPassback = true });
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var now = gateway.Time.GetUtcNow().ToUnixTimeMilliseconds();

        Assert.True((await device.RequestAccessAsync(s.CardId)).Allow);
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, now);
        var again = await device.RequestAccessAsync(s.CardId);
        var exit = await device.RequestAccessAsync(s.CardId, Directions.Out);
        await device.SendEventAsync(2, PassageTypes.Exited, s.CardId, now + 60_000);
        var afterExit = await device.RequestAccessAsync(s.CardId);

        Assert.Equal((false, Reasons.AntiPassback, "Already inside - see security"), (again.Allow, again.Reason, again.Text));
        Assert.True(exit.Allow);
        Assert.Equal("Goodbye", exit.Text);
        Assert.True(afterExit.Allow);
        Assert.Equal("Welcome", afterExit.Text);
    }

    [Fact]
    public async Task IsOffUnlessTheSchoolTurnsItOn()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());

        Assert.True((await device.RequestAccessAsync(s.CardId)).Allow);
    }

    [Fact]
    public async Task SecurityResetsPresenceWithAReasonThatIsAudited()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await gateway.RulesAsync(s.SchoolId, new { antiPassback = true });
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());
        using var officer = await gateway.ClientForAsync("security-officer", s.SchoolId, "officer-aigerim");
        Assert.False((await device.RequestAccessAsync(s.CardId)).Allow);

        var noReason = await officer.PostAsJsonAsync($"/api/students/{s.StudentId}/presence/reset", new { });
        var reset = await officer.PostAsJsonAsync($"/api/students/{s.StudentId}/presence/reset", new { reason = "left through the sports gate" });
        var decision = await device.RequestAccessAsync(s.CardId);

        await RosterAndCalendarApiTests.AssertNamesFieldAsync(noReason, "reason");
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.True(decision.Allow);
        var entry = Assert.Single(await gateway.AuditAsync("presence"));
        Assert.Equal("officer-aigerim", entry.GetProperty("actorLogin").GetString());
        Assert.Contains("left through the sports gate", entry.GetProperty("newValue").ToString());
    }

    [Fact]
    public async Task AnEntryOfYesterdayDoesNotLockTheChildOutToday()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await gateway.RulesAsync(s.SchoolId, new { antiPassback = true });
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());

        gateway.Time.Advance(TimeSpan.FromDays(1));
        var presence = await gateway.GetAsync<PresenceDto>($"/api/students/{s.StudentId}/presence");

        Assert.True((await device.RequestAccessAsync(s.CardId)).Allow);
        Assert.False(presence.Inside);
    }

    [Fact]
    public async Task AnOfflineEntryThatArrivesLateDoesNotUndoALaterExit()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await gateway.RulesAsync(s.SchoolId, new { antiPassback = true });
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var now = gateway.Time.GetUtcNow().ToUnixTimeMilliseconds();

        await device.SendEventAsync(2, PassageTypes.Exited, s.CardId, now);
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, now - 60_000, offline: true, reason: Reasons.OfflineList);

        Assert.True((await device.RequestAccessAsync(s.CardId)).Allow);
    }

    [Fact]
    public async Task ASecurityOfficerOfAnotherSchoolCannotResetPresence()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var other = await gateway.CreateSchoolAsync("School 8");
        using var outsider = await gateway.ClientForAsync("security-officer", other);
        using var canteen = await gateway.ClientForAsync("canteen-operator", s.SchoolId);

        var reset = await outsider.PostAsJsonAsync($"/api/students/{s.StudentId}/presence/reset", new { reason = "x" });
        var byCanteen = await canteen.PostAsJsonAsync($"/api/students/{s.StudentId}/presence/reset", new { reason = "x" });

        Assert.Equal(HttpStatusCode.NotFound, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byCanteen.StatusCode);
    }

    private sealed record PresenceDto(long StudentId, bool Inside, string? SchoolDay);
}
