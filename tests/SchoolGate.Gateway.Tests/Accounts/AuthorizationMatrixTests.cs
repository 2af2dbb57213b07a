using System.Net;
using System.Net.Http.Json;
using Case = SchoolGate.Gateway.Tests.Accounts.RoleMatrix.Case;

namespace SchoolGate.Gateway.Tests.Accounts;

/// <summary>
/// Every role against every endpoint, on its own school's records and on another school's: what
/// a role may not do is 403, another school's records are 404 as if they did not exist (ids do not
/// leak), a reference to another school's record inside a body is 400 like an unknown one, and no
/// credentials is 401.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    [Fact]
    public async Task EachRoleGetsWhatItsPolicyAndSchoolAllowOnEveryEndpoint()
    {
        await using var gateway = await TestGateway.StartAsync();
        var a = await gateway.SeedAsync("School A", "Aruzhan");
        var b = await gateway.SeedAsync("School B", "Bolat");
        var guardianA = await CreateGuardianAsync(gateway, a.SchoolId);
        var guardianB = await CreateGuardianAsync(gateway, b.SchoolId);
        // Linked to a school-A student by the region admin below, which makes it school A's guardian too.
        var guardianToLink = await CreateGuardianAsync(gateway, b.SchoolId);
        var accountB = (await gateway.PostAsync<CreatedDto>("/api/accounts",
            new { login = "guard-b", role = "security-officer", schoolId = b.SchoolId, password = "staff-password-1" })).Account.Id;
        var roles = await RoleMatrix.RolesAsync(gateway, a.SchoolId);
        using var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress };

        // Expected status for: region-admin, school-admin (school A), security-officer (A), canteen-operator (A).
        Case[] cases =
        [
            new("GET", "/api/schools", null, 200, 200, 200, 200),
            new("GET", $"/api/schools/{a.SchoolId}", null, 200, 200, 200, 200),
            new("GET", $"/api/schools/{b.SchoolId}", null, 200, 404, 404, 404),
            new("POST", "/api/schools", """{"name":"New school {n}"}""", 201, 403, 403, 403),
            new("GET", "/api/students", null, 200, 200, 200, 200),
            new("GET", $"/api/students?schoolId={b.SchoolId}", null, 200, 404, 404, 404),
            new("GET", $"/api/students/{a.StudentId}", null, 200, 200, 200, 200),
            new("GET", $"/api/students/{b.StudentId}", null, 200, 404, 404, 404),
            new("POST", "/api/students", $$"""{"schoolId":{{a.SchoolId}},"firstName":"N{n}","lastName":"L"}""", 201, 201, 403, 403),
            new("POST", "/api/students", $$"""{"schoolId":{{b.SchoolId}},"firstName":"N{n}","lastName":"L"}""", 201, 400, 403, 403),
            new("PATCH", $"/api/students/{a.StudentId}", """{"active":true}""", 200, 200, 403, 403),
            new("PATCH", $"/api/students/{b.StudentId}", """{"active":true}""", 200, 404, 403, 403),
            new("POST", $"/api/students/{a.StudentId}/guardians/{guardianToLink}", null, 204, 409, 403, 403),
            new("POST", $"/api/students/{b.StudentId}/guardians/{guardianA}", null, 204, 404, 403, 403),
            new("GET", "/api/guardians", null, 200, 200, 403, 403),
            new("GET", $"/api/guardians/{guardianA}", null, 200, 200, 403, 403),
            new("GET", $"/api/guardians/{guardianB}", null, 200, 404, 403, 403),
            new("POST", "/api/guardians", $$"""{"firstName":"G{n}","lastName":"P","schoolId":{{b.SchoolId}}}""", 201, 400, 403, 403),
            new("GET", $"/api/cards/{a.CardId}", null, 200, 200, 200, 200),
            new("GET", $"/api/cards/{b.CardId}", null, 200, 404, 404, 404),
            new("POST", "/api/cards", $$"""{"cardId":"CARD-A-{n}","studentId":{{a.StudentId}}}""", 201, 201, 403, 403),
            new("POST", "/api/cards", $$"""{"cardId":"CARD-B-{n}","studentId":{{b.StudentId}}}""", 201, 400, 403, 403),
            new("POST", $"/api/cards/{b.CardId}/revoke", null, 200, 404, 404, 403),
            new("GET", $"/api/students/{a.StudentId}/biometric-consents", null, 200, 200, 200, 403),
            new("GET", $"/api/students/{b.StudentId}/biometric-consents", null, 200, 404, 404, 403),
            new("GET", $"/api/students/{a.StudentId}/biometric-templates", null, 200, 200, 200, 403),
            new("GET", $"/api/students/{b.StudentId}/biometric-templates", null, 200, 404, 404, 403),
            // guardianB is not linked to school B's student: a region admin gets the 400 that says so.
            new("POST", $"/api/students/{b.StudentId}/biometric-consents", $$"""{"guardianId":{{guardianB}},"method":"signed-form"}""", 400, 404, 403, 403),
            // No consent is in force for school A's student: whoever may enroll hears so (409).
            new("POST", $"/api/students/{a.StudentId}/biometric-templates", $$"""{"deviceId":"{{a.DeviceId}}","templateId":7}""", 409, 409, 403, 403),
            new("POST", $"/api/students/{b.StudentId}/biometric-consents/999999/revoke", """{"reason":"r"}""", 404, 404, 404, 403),
            new("POST", $"/api/students/{a.StudentId}/biometric-templates/999999/remove", """{}""", 404, 404, 404, 403),
            new("GET", "/api/devices", null, 200, 200, 200, 403),
            new("GET", $"/api/devices/{a.DeviceId}", null, 200, 200, 200, 403),
            new("GET", $"/api/devices/{b.DeviceId}", null, 200, 404, 404, 403),
            new("POST", "/api/devices", $$"""{"deviceId":"lane-a-{n}","schoolId":{{a.SchoolId}},"kind":"turnstile"}""", 201, 201, 403, 403),
            new("POST", "/api/devices", $$"""{"deviceId":"lane-b-{n}","schoolId":{{b.SchoolId}},"kind":"turnstile"}""", 201, 400, 403, 403),
            new("GET", "/api/events", null, 200, 200, 200, 403),
            new("GET", $"/api/events?deviceId={b.DeviceId}", null, 200, 404, 404, 403),
            new("GET", "/api/gaps", null, 200, 200, 200, 403),
            new("GET", $"/api/conflicts?deviceId={b.DeviceId}", null, 200, 404, 404, 403),
            new("GET", "/api/access/recent", null, 200, 200, 200, 403),
            new("GET", $"/api/attendance?schoolId={a.SchoolId}", null, 200, 200, 200, 403),
            new("GET", $"/api/attendance?schoolId={b.SchoolId}", null, 200, 404, 404, 403),
            new("GET", "/api/notifications", null, 200, 200, 403, 403),
            new("GET", "/api/notifications/queue", null, 200, 403, 403, 403),
            new("GET", $"/api/notifications?guardianId={guardianB}", null, 200, 404, 403, 403),
            // No bot is configured here: a caller allowed to ask gets 409 (no bot serves the school).
            new("POST", $"/api/guardians/{guardianA}/telegram-link-code?schoolId={a.SchoolId}", null, 409, 409, 403, 403),
            new("POST", $"/api/guardians/{guardianB}/telegram-link-code?schoolId={b.SchoolId}", null, 409, 404, 403, 403),
            new("POST", $"/api/schools/{a.SchoolId}/telegram-link-codes", null, 409, 409, 403, 403),
            new("POST", $"/api/schools/{b.SchoolId}/telegram-link-codes", null, 409, 404, 403, 403),
            new("GET", "/api/webhooks", null, 200, 200, 403, 403),
            new("GET", "/api/metrics", null, 200, 403, 403, 403),
            new("GET", "/api/settings", null, 200, 200, 200, 200),
            new("GET", "/api/audit", null, 200, 200, 403, 403),
            new("GET", $"/api/audit?schoolId={b.SchoolId}", null, 200, 404, 403, 403),
            new("GET", "/api/accounts", null, 200, 200, 403, 403),
            new("GET", $"/api/accounts/{accountB}", null, 200, 404, 403, 403),
            new("POST", "/api/accounts", $$"""{"login":"guard-{n}","role":"security-officer","schoolId":{{b.SchoolId}}}""", 201, 400, 403, 403),
            new("POST", "/api/accounts", """{"login":"region-{n}","role":"region-admin"}""", 201, 400, 403, 403),
            new("PATCH", $"/api/accounts/{accountB}", """{"disabled":false}""", 200, 404, 403, 403),
            new("POST", $"/api/accounts/{accountB}/password", null, 200, 404, 403, 403),
            new("GET", "/api/auth/me", null, 200, 200, 200, 200),
            new("GET", "/api/auth/keys", null, 200, 200, 200, 200),
            new("POST", "/api/auth/keys", """{"name":"script {n}"}""", 201, 201, 201, 201),
            new("DELETE", "/api/auth/keys/999999", null, 404, 404, 404, 404),
        ];

        var wrong = await RoleMatrix.RunAsync(roles, anonymous, cases);
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static async Task<long> CreateGuardianAsync(TestGateway gateway, long schoolId) =>
        (await gateway.PostAsync<TestGateway.IdDto>("/api/guardians", new { firstName = "Gulnara", lastName = "P", schoolId })).Id;

    private sealed record CreatedDto(TestGateway.IdDto Account, string? Password);
}
