using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SchoolGate.Gateway.Biometrics;

namespace SchoolGate.Gateway.Tests.Biometrics;

/// <summary>The consent and enrollment rules of the API: who may do what, and the 400s and 409s.</summary>
public sealed class BiometricConsentTests
{
    [Fact]
    public async Task EnrollmentIsRefusedWithoutAConsentInForce()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();

        var response = await gateway.Http.PostAsJsonAsync($"/api/students/{s.StudentId}/biometric-templates", new { deviceId = s.DeviceId, templateId = 7 });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("no biometric consent in force", await response.Content.ReadAsStringAsync());
        Assert.Empty(await gateway.EnrollmentsAsync(s.StudentId));
    }

    [Fact]
    public async Task EnrollmentIsRefusedOnceTheConsentIsRevoked()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var consent = await gateway.ConsentAsync(s.StudentId);
        await gateway.RevokeAsync(s.StudentId, consent.Id);

        var response = await gateway.Http.PostAsJsonAsync($"/api/students/{s.StudentId}/biometric-templates", new { deviceId = s.DeviceId, templateId = 7 });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task AConsentRecordsWhoGaveItHowAndWhoRecordedItWhen()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var guardian = await gateway.LinkedGuardianAsync(s.StudentId);
        var admin = await gateway.ClientForAsync("school-admin", s.SchoolId, login: "admin-7");

        var response = await admin.PostAsJsonAsync($"/api/students/{s.StudentId}/biometric-consents",
            new { guardianId = guardian, method = "telegram", documentRef = "chat message 4412" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var consent = (await response.Content.ReadFromJsonAsync<BiometricConsent>())!;
        Assert.Equal(guardian, consent.GuardianId);
        Assert.Equal("telegram", consent.Method);
        Assert.Equal("chat message 4412", consent.DocumentRef);
        Assert.Equal("admin-7", consent.RecordedBy);
        Assert.Equal(gateway.Time.GetUtcNow(), consent.RecordedAt);
        Assert.True(consent.InForce);
    }

    [Fact]
    public async Task TheConsentHistoryKeepsRevokedConsentsAndTheAuditLogHasEveryStep()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var first = await gateway.ConsentAsync(s.StudentId);
        var enrollment = await gateway.EnrollAsync(s.StudentId, s.DeviceId, 7);
        gateway.Time.Advance(TimeSpan.FromDays(30));
        await gateway.RevokeAsync(s.StudentId, first.Id, "moved to the card only");
        var second = await gateway.ConsentAsync(s.StudentId);

        var history = await gateway.GetAsync<BiometricConsent[]>($"/api/students/{s.StudentId}/biometric-consents");

        Assert.Equal([first.Id, second.Id], history.Select(c => c.Id));
        Assert.False(history[0].InForce);
        Assert.Equal("moved to the card only", history[0].RevokeReason);
        Assert.Equal(TestGateway.AdminLogin, history[0].RevokedBy);
        Assert.True(history[1].InForce);
        var audit = await gateway.GetAsync<JsonElement>("/api/audit?limit=100");
        var entries = audit.EnumerateArray().Select(e => $"{e.GetProperty("action").GetString()} {e.GetProperty("entity").GetString()} {e.GetProperty("entityId").GetString()}").ToList();
        Assert.Contains($"create biometric-consent {first.Id}", entries);
        Assert.Contains($"create biometric-enrollment {enrollment.Id}", entries);
        Assert.Contains($"remove biometric-enrollment {enrollment.Id}", entries);
        Assert.Contains($"revoke biometric-consent {first.Id}", entries);
        Assert.Contains($"create biometric-consent {second.Id}", entries);
    }

    [Fact]
    public async Task OneConsentIsInForcePerStudent()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await gateway.ConsentAsync(s.StudentId);

        var response = await gateway.Http.PostAsJsonAsync($"/api/students/{s.StudentId}/biometric-consents",
            new { guardianId = await gateway.LinkedGuardianAsync(s.StudentId), method = "signed-form" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task ARevokedConsentCannotBeRevokedAgain()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var consent = await gateway.ConsentAsync(s.StudentId);
        var revoked = await gateway.RevokeAsync(s.StudentId, consent.Id);
        gateway.Time.Advance(TimeSpan.FromHours(1));

        var again = await gateway.Http.PostAsJsonAsync($"/api/students/{s.StudentId}/biometric-consents/{consent.Id}/revoke", new { reason = "again" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var history = await gateway.GetAsync<BiometricConsent[]>($"/api/students/{s.StudentId}/biometric-consents");
        Assert.Equal(revoked.RevokedAt, Assert.Single(history).RevokedAt);
    }

    [Fact]
    public async Task TheConsentMustComeFromAGuardianOfThisStudent()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var other = await gateway.CreateStudentAsync(s.SchoolId, "Bolat");
        var othersGuardian = await gateway.LinkedGuardianAsync(other);

        var response = await gateway.Http.PostAsJsonAsync($"/api/students/{s.StudentId}/biometric-consents",
            new { guardianId = othersGuardian, method = "signed-form" });

        await AssertFieldProblemAsync(response, "guardianId");
    }

    [Theory]
    [InlineData("""{"method":"signed-form"}""", "guardianId")]
    [InlineData("""{"guardianId":0,"method":"signed-form"}""", "guardianId")]
    [InlineData("""{"guardianId":1}""", "method")]
    [InlineData("""{"guardianId":1,"method":"verbal"}""", "method")]
    [InlineData("""{"guardianId":1,"method":"signed-form","documentRef":"{long}"}""", "documentRef")]
    public async Task BadConsentInputIsA400NamingTheField(string json, string field)
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();

        var response = await gateway.Http.PostJsonAsync($"/api/students/{s.StudentId}/biometric-consents", json.Replace("{long}", new string('x', 201)));

        await AssertFieldProblemAsync(response, field);
    }

    [Theory]
    [InlineData("""{}""", "reason")]
    [InlineData("""{"reason":"   "}""", "reason")]
    public async Task ARevocationNeedsAReason(string json, string field)
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var consent = await gateway.ConsentAsync(s.StudentId);

        var response = await gateway.Http.PostJsonAsync($"/api/students/{s.StudentId}/biometric-consents/{consent.Id}/revoke", json);

        await AssertFieldProblemAsync(response, field);
        Assert.True(Assert.Single(await gateway.GetAsync<BiometricConsent[]>($"/api/students/{s.StudentId}/biometric-consents")).InForce);
    }

    [Theory]
    [InlineData("""{"templateId":7}""", "deviceId")]
    [InlineData("""{"deviceId":"a/b","templateId":7}""", "deviceId")]
    [InlineData("""{"deviceId":"no-such-lane","templateId":7}""", "deviceId")]
    [InlineData("""{"deviceId":"{device}"}""", "templateId")]
    [InlineData("""{"deviceId":"{device}","templateId":-1}""", "templateId")]
    [InlineData("""{"deviceId":"{device}","templateId":65536}""", "templateId")]
    public async Task BadEnrollmentInputIsA400NamingTheField(string json, string field)
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await gateway.ConsentAsync(s.StudentId);

        var response = await gateway.Http.PostJsonAsync($"/api/students/{s.StudentId}/biometric-templates", json.Replace("{device}", s.DeviceId));

        await AssertFieldProblemAsync(response, field);
    }

    [Fact]
    public async Task TheDeviceMustBeATurnstileOfTheStudentsSchool()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var elsewhere = await gateway.SeedAsync("School 9", "Bolat");
        await gateway.RegisterDeviceAsync("bus-12", s.SchoolId, kind: "bus-validator");
        await gateway.ConsentAsync(s.StudentId);

        await AssertFieldProblemAsync(
            await gateway.Http.PostAsJsonAsync($"/api/students/{s.StudentId}/biometric-templates", new { deviceId = elsewhere.DeviceId, templateId = 7 }),
            "deviceId");
        await AssertFieldProblemAsync(
            await gateway.Http.PostAsJsonAsync($"/api/students/{s.StudentId}/biometric-templates", new { deviceId = "bus-12", templateId = 7 }),
            "deviceId");
    }

    [Fact]
    public async Task ATemplateOfATurnstileMapsToOneStudent()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var brother = await gateway.CreateStudentAsync(s.SchoolId, "Bolat");
        await gateway.ConsentAsync(s.StudentId);
        await gateway.ConsentAsync(brother);
        await gateway.EnrollAsync(s.StudentId, s.DeviceId, 7);

        var response = await gateway.Http.PostAsJsonAsync($"/api/students/{brother}/biometric-templates", new { deviceId = s.DeviceId, templateId = 7 });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task ADeactivatedStudentCannotBeEnrolled()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await gateway.ConsentAsync(s.StudentId);
        (await gateway.Http.PatchAsJsonAsync($"/api/students/{s.StudentId}", new { active = false })).EnsureSuccessStatusCode();

        var response = await gateway.Http.PostAsJsonAsync($"/api/students/{s.StudentId}/biometric-templates", new { deviceId = s.DeviceId, templateId = 7 });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Theory]
    [InlineData("fp:7")]
    [InlineData("fp:")]
    [InlineData("fp:card")]
    public async Task TheCardsApiRefusesIdsReservedForFingerprints(string cardId)
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();

        var response = await gateway.Http.PostAsJsonAsync("/api/cards", new { cardId, studentId = s.StudentId });

        await AssertFieldProblemAsync(response, "cardId");
    }

    [Fact]
    public async Task RolesAndSchoolsDecideWhoRecordsRevokesAndSees()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var b = await gateway.SeedAsync("School 9", "Bolat");
        var consentB = await gateway.ConsentAsync(b.StudentId);
        var guardian = await gateway.LinkedGuardianAsync(s.StudentId);
        var officer = await gateway.ClientForAsync("security-officer", s.SchoolId);
        var canteen = await gateway.ClientForAsync("canteen-operator", s.SchoolId);
        var adminA = await gateway.ClientForAsync("school-admin", s.SchoolId);
        var consent = new { guardianId = guardian, method = "signed-form" };

        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsJsonAsync($"/api/students/{s.StudentId}/biometric-consents", consent)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await canteen.GetAsync($"/api/students/{s.StudentId}/biometric-consents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adminA.GetAsync($"/api/students/{b.StudentId}/biometric-templates")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await adminA.PostAsJsonAsync($"/api/students/{b.StudentId}/biometric-consents/{consentB.Id}/revoke", new { reason = "x" })).StatusCode);
        // A consent id of another student is not found under this one.
        Assert.Equal(HttpStatusCode.NotFound,
            (await gateway.Http.PostAsJsonAsync($"/api/students/{s.StudentId}/biometric-consents/{consentB.Id}/revoke", new { reason = "x" })).StatusCode);

        var created = await adminA.PostAsJsonAsync($"/api/students/{s.StudentId}/biometric-consents", consent);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<BiometricConsent>())!.Id;
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/students/{s.StudentId}/biometric-templates")).StatusCode);
        // A guardian who phones the guard desk to withdraw is heard at once: officers may revoke.
        Assert.Equal(HttpStatusCode.OK,
            (await officer.PostAsJsonAsync($"/api/students/{s.StudentId}/biometric-consents/{id}/revoke", new { reason = "phoned the desk" })).StatusCode);
    }

    private static async Task AssertFieldProblemAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {body}");
    }
}
