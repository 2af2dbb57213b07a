using SchoolGate.Gateway.Tests.Accounts;
using Case = SchoolGate.Gateway.Tests.Accounts.RoleMatrix.Case;

namespace SchoolGate.Gateway.Tests.Journeys;

/// <summary>
/// Every role against every journeys endpoint, on its own school and on another's, as
/// Accounts/AuthorizationMatrixTests does for the rest of the API: a role's limit is 403, another
/// school's records are 404, no credentials is 401.
/// </summary>
public sealed class JourneysAuthorizationTests
{
    [Fact]
    public async Task EachRoleGetsWhatItsPolicyAndSchoolAllowOnEveryJourneysEndpoint()
    {
        await using var gateway = await TestGateway.StartAsync();
        var a = await BusScenario.SeedAsync(gateway, "School A", "Aruzhan");
        var b = await BusScenario.SeedAsync(gateway, "School B", "Bolat");
        var roles = await RoleMatrix.RolesAsync(gateway, a.School.SchoolId);
        using var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        var op = a.OperatorId;

        // Expected status for: region-admin, school-admin (school A), security-officer (A), canteen-operator (A).
        Case[] cases =
        [
            new("GET", "/api/transport/operators", null, 200, 200, 403, 403),
            new("POST", "/api/transport/operators", """{"name":"Operator {n}"}""", 201, 403, 403, 403),
            new("GET", $"/api/transport/operators/{op}/routes", null, 200, 200, 403, 403),
            new("POST", $"/api/transport/operators/{op}/routes", """{"number":"R{n}"}""", 201, 403, 403, 403),
            new("GET", $"/api/transport/operators/{op}/vehicles", null, 200, 200, 403, 403),
            new("POST", $"/api/transport/operators/{op}/vehicles", """{"number":"V{n}"}""", 201, 403, 403, 403),
            new("GET", "/api/transport/validators", null, 200, 200, 403, 403),
            new("PUT", $"/api/transport/validators/{a.ValidatorId}", $$"""{"operatorId":{{op}}}""", 200, 403, 403, 403),
            new("GET", $"/api/transport/operators/{op}/keys", null, 200, 403, 403, 403),
            new("POST", $"/api/transport/operators/{op}/keys", """{"name":"key {n}"}""", 201, 403, 403, 403),
            new("DELETE", $"/api/transport/operators/{op}/keys/999999", null, 404, 403, 403, 403),
            new("GET", $"/api/students/{a.School.StudentId}/timeline", null, 200, 200, 200, 403),
            new("GET", $"/api/students/{b.School.StudentId}/timeline", null, 200, 404, 404, 403),
            new("GET", $"/api/schools/{a.School.SchoolId}/journeys/alerts", null, 200, 200, 200, 403),
            new("GET", $"/api/schools/{b.School.SchoolId}/journeys/alerts", null, 200, 404, 404, 403),
            new("GET", "/api/journeys/alerts", null, 200, 200, 200, 403),
            new("GET", "/api/journeys/alerts?status=later", null, 400, 400, 400, 403),
            new("GET", $"/api/schools/{a.School.SchoolId}/journeys/settings", null, 200, 200, 200, 403),
            new("GET", $"/api/schools/{b.School.SchoolId}/journeys/settings", null, 200, 404, 404, 403),
            new("PUT", $"/api/schools/{a.School.SchoolId}/journeys/settings", """{"alertAfterMinutes":40}""", 200, 200, 403, 403),
            new("PUT", $"/api/schools/{b.School.SchoolId}/journeys/settings", """{"alertAfterMinutes":40}""", 200, 404, 403, 403),
            // Staff accounts, whatever their role, cannot hand in an operator's taps.
            new("POST", "/api/integrations/transport/taps", """{"taps":[]}""", 401, 401, 401, 401),
        ];

        var wrong = await RoleMatrix.RunAsync(roles, anonymous, cases);
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}
