using System.Net.Http.Json;
using System.Text.Json;

namespace SchoolGate.Gateway.Tests.EntranceRules;

/// <summary>What the entrance rule tests share: turning rules on, local times, the audit trail.</summary>
internal static class EntranceRulesTestKit
{
    public static readonly TimeZoneInfo Almaty = TimeZoneInfo.FindSystemTimeZoneById("Asia/Almaty");

    /// <summary>The instant of a school-local date and time (Asia/Almaty, UTC+5).</summary>
    public static DateTimeOffset Local(int year, int month, int day, int hour, int minute) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero).AddHours(-Almaty.BaseUtcOffset.TotalHours);

    public static async Task PutOkAsync(this TestGateway gateway, string path, object body)
    {
        var response = await gateway.Http.PutAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path} -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static Task RulesAsync(this TestGateway gateway, long schoolId, object rules) =>
        gateway.PutOkAsync($"/api/schools/{schoolId}/rules", rules);

    public static async Task<JsonElement[]> AuditAsync(this TestGateway gateway, string entity) =>
        await gateway.GetAsync<JsonElement[]>($"/api/audit?entity={entity}");
}
