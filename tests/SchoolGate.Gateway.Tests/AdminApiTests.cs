using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;

namespace SchoolGate.Gateway.Tests;

public sealed class AdminApiTests
{
    [Theory]
    [InlineData("/api/schools", "{}", "name")]
    [InlineData("/api/students", "{\"schoolId\":1,\"firstName\":\"A\"}", "lastName")]
    [InlineData("/api/students", "{\"schoolId\":\"one\",\"firstName\":\"A\",\"lastName\":\"B\"}", "schoolId")]
    [InlineData("/api/students", "{\"schoolId\":999,\"firstName\":\"A\",\"lastName\":\"B\"}", "schoolId")]
    [InlineData("/api/guardians", "{\"lastName\":\"B\"}", "firstName")]
    [InlineData("/api/cards", "{\"cardId\":\"has space\",\"studentId\":1}", "cardId")]
    [InlineData("/api/cards", "{\"cardId\":\"card-1\",\"studentId\":999}", "studentId")]
    [InlineData("/api/devices", "{\"deviceId\":\"t/1\",\"schoolId\":1,\"kind\":\"turnstile\"}", "deviceId")]
    [InlineData("/api/devices", "{\"deviceId\":\"t1\",\"schoolId\":1,\"kind\":\"toaster\"}", "kind")]
    [InlineData("/api/devices", "{\"deviceId\":\"t1\",\"schoolId\":1,\"kind\":\"turnstile\",\"direction\":\"up\"}", "direction")]
    [InlineData("/api/students", "not json", "body")]
    public async Task RejectsInvalidInputWithProblemNamingTheField(string path, string json, string field)
    {
        await using var gateway = await TestGateway.StartAsync();
        var school = await gateway.CreateSchoolAsync("School 1");
        await gateway.CreateStudentAsync(school, "Aruzhan");

        var response = await gateway.Http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {problem}");
    }

    [Fact]
    public async Task RejectsInvalidQueryValues()
    {
        await using var gateway = await TestGateway.StartAsync();

        var badDate = await gateway.Http.GetAsync("/api/attendance?date=10.03.2025");
        var badLimit = await gateway.Http.GetAsync("/api/events?limit=abc");

        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Contains("date", await badDate.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.Contains("limit", await badLimit.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "/api/students/4242")]
    [InlineData("GET", "/api/schools/4242")]
    [InlineData("GET", "/api/guardians/4242")]
    [InlineData("GET", "/api/cards/no-such-card")]
    [InlineData("POST", "/api/cards/no-such-card/revoke")]
    [InlineData("GET", "/api/devices/no-such-device")]
    [InlineData("POST", "/api/students/4242/guardians/1")]
    public async Task AnswersNotFoundForUnknownIds(string method, string path)
    {
        await using var gateway = await TestGateway.StartAsync();

        var response = await gateway.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnswersConflictForDuplicates()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var guardian = await gateway.CreateGuardianAsync("Gulnara");
        await gateway.LinkGuardianAsync(s.StudentId, guardian);

        var school = await gateway.Http.PostAsJsonAsync("/api/schools", new { name = "School 7" });
        var card = await gateway.Http.PostAsJsonAsync("/api/cards", new { cardId = s.CardId, studentId = s.StudentId });
        var device = await gateway.Http.PostAsJsonAsync("/api/devices", new { deviceId = s.DeviceId, schoolId = s.SchoolId, kind = "turnstile" });
        var link = await gateway.Http.PostAsync($"/api/students/{s.StudentId}/guardians/{guardian}", null);

        Assert.All(new[] { school, card, device, link }, r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    [Fact]
    public async Task ReturnsDeviceSecretOnceAndStoresOnlyItsHash()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();

        var listed = await gateway.Http.GetStringAsync("/api/devices");
        using var connection = gateway.Store.Open();
        var stored = connection.QuerySingle<(string Hash, string Salt)>(
            "SELECT secret_hash, salt FROM devices WHERE device_id = @id", new { id = s.DeviceId });

        Assert.True(s.Secret.Length >= 40);
        Assert.DoesNotContain(s.Secret, listed);
        Assert.NotEqual(s.Secret, stored.Hash);
        Assert.DoesNotContain("secret", listed, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ListsDevicesWithOnlineStatusAndLastSeen()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await gateway.RegisterDeviceAsync("turnstile-idle", s.SchoolId);

        await using (var device = await gateway.ConnectAsync(s.DeviceId, s.Secret))
        {
            await device.PublishAsync(SchoolGate.DeviceSdk.Protocol.Topics.Heartbeat,
                SchoolGate.DeviceSdk.Protocol.ProtocolCodec.Encode(new SchoolGate.DeviceSdk.Protocol.Heartbeat(s.DeviceId, 10, 0, 0)));
            var devices = await gateway.GetAsync<DeviceDto[]>("/api/devices");
            var online = Assert.Single(devices, d => d.DeviceId == s.DeviceId);
            Assert.True(online.Online);
            Assert.Equal(gateway.Time.GetUtcNow(), online.LastSeenAt);
            Assert.False(Assert.Single(devices, d => d.DeviceId == "turnstile-idle").Online);
        }

        await WaitForAsync(async () => !(await gateway.GetAsync<DeviceDto[]>("/api/devices")).Single(d => d.DeviceId == s.DeviceId).Online);
    }

    [Fact]
    public async Task OpenApiDocumentIsServed()
    {
        await using var gateway = await TestGateway.StartAsync();

        var document = await gateway.GetAsync<JsonElement>("/openapi/v1.json");
        var docsPage = await gateway.Http.GetAsync("/api-docs/index.html");

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/schools", "/api/students", "/api/cards", "/api/devices", "/api/attendance", "/api/events", "/api/notifications", "/api/metrics", "/health" })
        {
            Assert.True(paths.TryGetProperty(path, out _) || paths.TryGetProperty(path + "/", out _), $"{path} missing from the OpenAPI document");
        }

        Assert.Equal(HttpStatusCode.OK, docsPage.StatusCode);
    }

    [Fact]
    public async Task HealthReportsHealthy()
    {
        await using var gateway = await TestGateway.StartAsync();

        var health = await gateway.GetAsync<JsonElement>("/health");

        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal("listening", health.GetProperty("mqtt").GetString());
        Assert.Equal("ok", health.GetProperty("store").GetString());
    }

    [Fact]
    public async Task ServesTheDashboardOffline()
    {
        await using var gateway = await TestGateway.StartAsync();

        var html = await gateway.Http.GetStringAsync("/");

        Assert.Contains("SchoolGate", html);
        Assert.DoesNotContain("https://", html);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(5), "condition not reached in time");
            await Task.Delay(50);
        }
    }

    public sealed record DeviceDto(string DeviceId, long SchoolId, string Kind, bool Online, DateTimeOffset? LastSeenAt);
}
