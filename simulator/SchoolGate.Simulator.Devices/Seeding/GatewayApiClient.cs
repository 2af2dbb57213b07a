using System.Net.Http.Json;
using System.Text.Json;

namespace SchoolGate.Simulator.Devices.Seeding;

/// <summary>The few admin API calls the simulator needs to set up a school on a gateway.</summary>
public sealed class GatewayApiClient(HttpClient http)
{
    /// <summary>
    /// Signs <paramref name="http"/> in as a staff account and switches it to an API key made for
    /// this run, so it keeps working however long the run lasts (a bearer token lives minutes).
    /// </summary>
    public static async Task SignInAsync(HttpClient http, string login, string password, CancellationToken ct = default)
    {
        using var signIn = await http.PostAsJsonAsync("/api/auth/login", new { login, password }, ct);
        await EnsureSuccessAsync(signIn, ct);
        var token = (await signIn.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/keys") { Content = JsonContent.Create(new { name = "simulator" }) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var key = await http.SendAsync(request, ct);
        await EnsureSuccessAsync(key, ct);
        UseApiKey(http, (await key.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("key").GetString()!);
    }

    /// <summary>Sends <paramref name="apiKey"/> (a staff API key, sgk_...) with every request of <paramref name="http"/>.</summary>
    public static void UseApiKey(HttpClient http, string apiKey)
    {
        http.DefaultRequestHeaders.Remove("X-Api-Key");
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    }

    public async Task<long> CreateSchoolAsync(string name, CancellationToken ct = default) =>
        (await PostAsync("/api/schools", new { name }, ct)).GetProperty("id").GetInt64();

    public async Task<long> CreateStudentAsync(long schoolId, string firstName, string lastName, CancellationToken ct = default) =>
        (await PostAsync("/api/students", new { schoolId, firstName, lastName }, ct)).GetProperty("id").GetInt64();

    /// <summary>Registers a guardian; <paramref name="language"/> null leaves it to the gateway's default, which is returned.</summary>
    public async Task<(long Id, string Language)> CreateGuardianAsync(string firstName, string lastName, string? phone, string? language = null,
        CancellationToken ct = default)
    {
        var guardian = await PostAsync("/api/guardians", new { firstName, lastName, phone, language }, ct);
        var effective = guardian.TryGetProperty("language", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
        return (guardian.GetProperty("id").GetInt64(),
            effective ?? throw new InvalidOperationException("The gateway returned no guardian language (a gateway older than parent-message languages?)."));
    }

    public async Task LinkGuardianAsync(long studentId, long guardianId, CancellationToken ct = default)
    {
        using var response = await http.PostAsync($"/api/students/{studentId}/guardians/{guardianId}", null, ct);
        await EnsureSuccessAsync(response, ct);
    }

    public Task IssueCardAsync(string cardId, long studentId, CancellationToken ct = default) =>
        PostAsync("/api/cards", new { cardId, studentId }, ct);

    public async Task RevokeCardAsync(string cardId, CancellationToken ct = default)
    {
        using var response = await http.PostAsync($"/api/cards/{Uri.EscapeDataString(cardId)}/revoke", null, ct);
        await EnsureSuccessAsync(response, ct);
    }

    /// <summary>Registers a device and returns the secret the gateway shows only once.</summary>
    public async Task<string> RegisterDeviceAsync(string deviceId, long schoolId, string kind, string? direction, string name, CancellationToken ct = default) =>
        (await PostAsync("/api/devices", new { deviceId, schoolId, kind, direction, name }, ct)).GetProperty("secret").GetString()
        ?? throw new InvalidOperationException("The gateway returned no device secret.");

    public Task<JsonElement> GetAsync(string path, CancellationToken ct = default) => GetJsonAsync(path, ct);

    public async Task<JsonElement> PostAsync(string path, object body, CancellationToken ct = default)
    {
        using var response = await http.PostAsJsonAsync(path, body, ct);
        await EnsureSuccessAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    public async Task PutAsync(string path, object body, CancellationToken ct = default)
    {
        using var response = await http.PutAsJsonAsync(path, body, ct);
        await EnsureSuccessAsync(response, ct);
    }

    private async Task<JsonElement> GetJsonAsync(string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        await EnsureSuccessAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} -> {(int)response.StatusCode}: {body}",
                null, response.StatusCode);
        }
    }
}
