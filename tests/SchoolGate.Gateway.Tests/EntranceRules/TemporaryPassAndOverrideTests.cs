using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Tests.EntranceRules;

/// <summary>A forgotten card (a spare card for the day) and "let X in", over real MQTT with the test clock.</summary>
public sealed class TemporaryPassAndOverrideTests
{
    [Fact]
    public async Task ASpareCardLetsTheChildInTodayOnlyAndTheGuardianIsTold()
    {
        await using var gateway = await TestGateway.StartAsync(EntranceRulesTestKit.Local(2025, 3, 10, 8, 12));
        var s = await gateway.SeedAsync();
        var guardian = await gateway.CreateGuardianAsync("Gulnara");
        await gateway.LinkGuardianAsync(s.StudentId, guardian);
        using var officer = await gateway.ClientForAsync("security-officer", s.SchoolId, "desk-officer");
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        Assert.Equal(Reasons.UnknownCard, (await device.RequestAccessAsync("spare-01")).Reason);

        var issued = await officer.PostAsJsonAsync($"/api/students/{s.StudentId}/temporary-passes", new { cardId = "spare-01", reason = "forgot her card" });
        var today = await device.RequestAccessAsync("spare-01");
        await device.SendEventAsync(1, PassageTypes.Entered, "spare-01", gateway.Time.GetUtcNow().ToUnixTimeMilliseconds(), reason: today.Reason);
        var list = (await officer.GetFromJsonAsync<JsonElement[]>($"/api/students/{s.StudentId}/temporary-passes"))!;
        var messages = await gateway.GetAsync<EventIngestionTests.NotificationDto[]>($"/api/notifications?guardianId={guardian}");
        var attendance = await gateway.GetAsync<JsonElement[]>($"/api/attendance?schoolId={s.SchoolId}&date=2025-03-10");
        gateway.Time.SetUtcNow(EntranceRulesTestKit.Local(2025, 3, 11, 8, 0));
        var tomorrow = await device.RequestAccessAsync("spare-01");

        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        Assert.Equal((true, Reasons.TemporaryPass, "Temporary pass - welcome"), (today.Allow, today.Reason, today.Text));
        var pass = Assert.Single(list);
        Assert.Equal(("spare-01", "forgot her card", "desk-officer"),
            (pass.GetProperty("cardId").GetString(), pass.GetProperty("reason").GetString(), pass.GetProperty("issuedBy").GetString()));
        Assert.Equal(EntranceRulesTestKit.Local(2025, 3, 11, 0, 0), pass.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal("Aruzhan: вход в школу по временному пропуску в 08:12", Assert.Single(messages).Text);
        Assert.Equal(s.StudentId, Assert.Single(attendance).GetProperty("studentId").GetInt64());
        Assert.Equal((false, Reasons.UnknownCard), (tomorrow.Allow, tomorrow.Reason));
        Assert.True((await device.RequestAccessAsync(s.CardId)).Allow);
    }

    [Theory]
    [InlineData(MessageTemplatesLanguage.Kazakh, "Aruzhan: уақытша рұқсатпен мектепке кірді, 07:52")]
    [InlineData(MessageTemplatesLanguage.English, "Aruzhan entered with a temporary pass at 07:52")]
    public async Task TheGuardianIsToldOfATemporaryPassInTheirLanguage(string language, string expected)
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var guardian = await gateway.PostAsync<TestGateway.IdDto>("/api/guardians",
            new { firstName = "Gulnara", lastName = "Parent", phone = "+77010000000", language });
        await gateway.LinkGuardianAsync(s.StudentId, guardian.Id);
        await gateway.PostAsync<object>($"/api/students/{s.StudentId}/temporary-passes", new { cardId = "spare-01", reason = "forgot" });
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        await device.SendEventAsync(1, PassageTypes.Entered, "spare-01", gateway.Time.GetUtcNow().ToUnixTimeMilliseconds(), reason: Reasons.TemporaryPass);

        Assert.Equal(expected, Assert.Single(await gateway.GetAsync<EventIngestionTests.NotificationDto[]>($"/api/notifications?guardianId={guardian.Id}")).Text);
    }

    [Fact]
    public async Task ALostCardIsRevokedWithThePassAndTheSpareCardMustBeNobodysCard()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var other = await gateway.CreateStudentAsync(s.SchoolId, "Dias");
        await gateway.AddCardAsync("card-of-dias", other);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var someonesCard = await gateway.Http.PostAsJsonAsync($"/api/students/{s.StudentId}/temporary-passes", new { cardId = "card-of-dias", reason = "lost" });
        var noReason = await gateway.Http.PostAsJsonAsync($"/api/students/{s.StudentId}/temporary-passes", new { cardId = "spare-01" });
        await gateway.PostAsync<object>($"/api/students/{s.StudentId}/temporary-passes", new { cardId = "spare-01", reason = "lost", revokeCards = true });
        var lentTwice = await gateway.Http.PostAsJsonAsync($"/api/students/{other}/temporary-passes", new { cardId = "spare-01", reason = "forgot" });

        await RosterAndCalendarApiTests.AssertNamesFieldAsync(someonesCard, "cardId");
        await RosterAndCalendarApiTests.AssertNamesFieldAsync(noReason, "reason");
        Assert.Equal(HttpStatusCode.Conflict, lentTwice.StatusCode);
        Assert.Equal(Reasons.CardRevoked, (await device.RequestAccessAsync(s.CardId)).Reason);
        Assert.True((await device.RequestAccessAsync("spare-01")).Allow);
    }

    [Fact]
    public async Task AnOverrideLetsTheStudentInOnceWhateverTheRulesSayAndIsAudited()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await gateway.RulesAsync(s.SchoolId, new { antiPassback = true });
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());
        (await gateway.Http.PostAsync($"/api/cards/{s.CardId}/revoke", null)).EnsureSuccessStatusCode();
        using var officer = await gateway.ClientForAsync("security-officer", s.SchoolId, "gate-officer");

        var noReason = await officer.PostAsJsonAsync($"/api/schools/{s.SchoolId}/overrides", new { studentId = s.StudentId, reason = " " });
        var created = await officer.PostAsJsonAsync($"/api/schools/{s.SchoolId}/overrides",
            new { studentId = s.StudentId, reason = "card broke, mother on the phone" });
        var exit = await device.RequestAccessAsync(s.CardId, Directions.Out);
        var first = await device.RequestAccessAsync(s.CardId);
        var second = await device.RequestAccessAsync(s.CardId);

        await RosterAndCalendarApiTests.AssertNamesFieldAsync(noReason, "reason");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(Reasons.CardRevoked, exit.Reason);
        Assert.Equal((true, Reasons.StaffOverride, "Let in by staff"), (first.Allow, first.Reason, first.Text));
        Assert.Equal((false, Reasons.CardRevoked), (second.Allow, second.Reason));
        var audit = await gateway.AuditAsync("access-override");
        var made = Assert.Single(audit, e => e.GetProperty("action").GetString() == "create");
        Assert.Equal("gate-officer", made.GetProperty("actorLogin").GetString());
        Assert.Contains("card broke, mother on the phone", made.GetProperty("newValue").ToString());
        var used = Assert.Single(audit, e => e.GetProperty("action").GetString() == "use");
        Assert.Contains(s.DeviceId, used.GetProperty("newValue").ToString());
    }

    [Fact]
    public async Task AnOverrideLapsesAfterTheSchoolsOverrideMinutesAndCanBeBoundToOneLane()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await gateway.RegisterDeviceAsync("turnstile-side", s.SchoolId);
        (await gateway.Http.PostAsync($"/api/cards/{s.CardId}/revoke", null)).EnsureSuccessStatusCode();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        await gateway.PostAsync<object>($"/api/schools/{s.SchoolId}/overrides", new { studentId = s.StudentId, reason = "late bus" });
        gateway.Time.Advance(TimeSpan.FromMinutes(10));
        var lapsed = await device.RequestAccessAsync(s.CardId);
        await gateway.PostAsync<object>($"/api/schools/{s.SchoolId}/overrides", new { studentId = s.StudentId, reason = "late bus", deviceId = "turnstile-side" });
        var otherLane = await device.RequestAccessAsync(s.CardId);

        Assert.Equal(Reasons.CardRevoked, lapsed.Reason);
        Assert.Equal(Reasons.CardRevoked, otherLane.Reason);
    }

    [Fact]
    public async Task AnUnknownCardIsNotLetInByAnOverride()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        await gateway.PostAsync<object>($"/api/schools/{s.SchoolId}/overrides", new { studentId = s.StudentId, reason = "let her in" });

        Assert.Equal(Reasons.UnknownCard, (await device.RequestAccessAsync("someone-elses-card")).Reason);
        Assert.Equal(Reasons.StaffOverride, (await device.RequestAccessAsync(s.CardId)).Reason);
    }

    [Fact]
    public async Task AnotherSchoolsStaffCannotLetInOrLendACardToThisSchoolsStudent()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var other = await gateway.CreateSchoolAsync("School 8");
        using var outsider = await gateway.ClientForAsync("school-admin", other);
        using var canteen = await gateway.ClientForAsync("canteen-operator", s.SchoolId);

        var overrideHere = await outsider.PostAsJsonAsync($"/api/schools/{s.SchoolId}/overrides", new { studentId = s.StudentId, reason = "x" });
        var overrideThere = await outsider.PostAsJsonAsync($"/api/schools/{other}/overrides", new { studentId = s.StudentId, reason = "x" });
        var pass = await outsider.PostAsJsonAsync($"/api/students/{s.StudentId}/temporary-passes", new { cardId = "spare-01", reason = "x" });
        var byCanteen = await canteen.PostAsJsonAsync($"/api/schools/{s.SchoolId}/overrides", new { studentId = s.StudentId, reason = "x" });

        Assert.Equal(HttpStatusCode.NotFound, overrideHere.StatusCode);
        await RosterAndCalendarApiTests.AssertNamesFieldAsync(overrideThere, "studentId");
        Assert.Equal(HttpStatusCode.NotFound, pass.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byCanteen.StatusCode);
    }

    /// <summary>The language codes of the gateway's message templates.</summary>
    public static class MessageTemplatesLanguage
    {
        public const string Kazakh = "kk";
        public const string English = "en";
    }
}
