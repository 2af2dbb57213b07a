using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SchoolGate.Gateway.Tests.Audit;

public sealed class AuditTrailTests
{
    [Fact]
    public async Task EveryWriteIsAuditedWithWhoWhatOldNewWhenAndWhere()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();

        gateway.Time.Advance(TimeSpan.FromMinutes(3));
        (await gateway.Http.PostAsync($"/api/cards/{s.CardId}/revoke", null)).EnsureSuccessStatusCode();

        var entries = await gateway.GetAsync<JsonElement[]>("/api/audit");
        var revoke = entries.First();
        Assert.Equal("revoke", revoke.GetProperty("action").GetString());
        Assert.Equal("card", revoke.GetProperty("entity").GetString());
        Assert.Equal(s.CardId, revoke.GetProperty("entityId").GetString());
        Assert.Equal(TestGateway.AdminLogin, revoke.GetProperty("actorLogin").GetString());
        Assert.Equal("region-admin", revoke.GetProperty("actorRole").GetString());
        Assert.Equal("127.0.0.1", revoke.GetProperty("remoteAddress").GetString());
        Assert.Equal(s.SchoolId, revoke.GetProperty("schoolId").GetInt64());
        Assert.Equal(TestGateway.DefaultStart.AddMinutes(3), revoke.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("active", revoke.GetProperty("oldValue").GetProperty("status").GetString());
        Assert.Equal("revoked", revoke.GetProperty("newValue").GetProperty("status").GetString());
        // The seed's writes, newest first, each once.
        Assert.Equal(["revoke card", "create device", "create card", "create student", "create school", "create api-key", "create account"],
            entries.Select(e => $"{e.GetProperty("action").GetString()} {e.GetProperty("entity").GetString()}"));
    }

    [Fact]
    public async Task ADeviceSecretNeverReachesTheAuditTrail()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();

        var text = await gateway.Http.GetStringAsync("/api/audit?entity=device");

        Assert.Contains(s.DeviceId, text);
        Assert.DoesNotContain(s.Secret, text);
        Assert.DoesNotContain("hash", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ASchoolAdminReadsOnlyTheirOwnSchoolsTrail()
    {
        await using var gateway = await TestGateway.StartAsync();
        var a = await gateway.SeedAsync("School A");
        var b = await gateway.SeedAsync("School B");
        using var headOfA = await gateway.ClientForAsync("school-admin", a.SchoolId);

        var entries = await headOfA.GetFromJsonAsync<JsonElement[]>("/api/audit");

        Assert.NotEmpty(entries!);
        Assert.All(entries!, e => Assert.Equal(a.SchoolId, e.GetProperty("schoolId").GetInt64()));
        Assert.Contains(entries!, e => e.GetProperty("entityId").GetString() == a.CardId);
        Assert.DoesNotContain(entries!, e => e.GetProperty("entityId").GetString() == b.CardId);
    }

    [Fact]
    public async Task TheAuditTableRefusesChangesAndRemovals()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateSchoolAsync("School 7");

        var update = Record.Exception(() => gateway.Store.Execute("UPDATE audit_log SET actor_login = 'someone-else'"));
        var delete = Record.Exception(() => gateway.Store.Execute("DELETE FROM audit_log"));

        Assert.Contains("append-only", update?.Message);
        Assert.Contains("append-only", delete?.Message);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/api/audit")).StatusCode);
        Assert.True(gateway.Store.Scalar<long>("SELECT COUNT(*) FROM audit_log") >= 3);
    }
}
