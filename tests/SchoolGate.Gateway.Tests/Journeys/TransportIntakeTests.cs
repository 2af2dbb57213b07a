using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dapper;

namespace SchoolGate.Gateway.Tests.Journeys;

/// <summary>The transport operator's HTTPS intake: per-row answers, idempotency on the tap id, its keys.</summary>
public sealed class TransportIntakeTests
{
    private const string Path = "/api/integrations/transport/taps";

    [Fact]
    public async Task TheSameBatchTwiceStoresNothingTwiceAndTellsTheGuardianOnce()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        using var operatorSystem = bus.OperatorClient(gateway);
        var at = gateway.Time.GetUtcNow();
        // The operator's system uploads every few minutes: both taps are in the past by then.
        gateway.Time.Advance(TimeSpan.FromMinutes(25));
        var batch = new
        {
            taps = new object[]
            {
                new { tapId = "t-1", cardId = bus.School.CardId, type = "boarded", route = "12", vehicle = "045", at = at.ToString("O"), lat = 42.9, lon = 71.37 },
                new { tapId = "t-2", cardId = bus.School.CardId, type = "alighted", route = "12", vehicle = "045", at = at.AddMinutes(20).ToUnixTimeMilliseconds() },
            },
        };

        var first = await PostAsync(operatorSystem, batch);
        var second = await PostAsync(operatorSystem, batch);

        Assert.Equal(["stored", "stored"], first.Results.Select(r => r.Outcome));
        Assert.Equal((2, 0), (first.Stored, first.Duplicates));
        Assert.Equal(["duplicate", "duplicate"], second.Results.Select(r => r.Outcome));
        Assert.Equal((0, 2), (second.Stored, second.Duplicates));
        Assert.Equal(["t-1", "t-2"], second.Results.Select(r => r.TapId));
        Assert.Equal(2L, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM journey_events WHERE source = 'operator'"));
        Assert.Equal(2L, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM transport_taps"));
        Assert.Equal(429000000L, gateway.Store.Scalar<long>("SELECT lat_e7 FROM journey_events WHERE type = 'boarded'"));
        var messages = await BusScenario.MessagesAsync(gateway, bus.GuardianId);
        Assert.Equal(["Aruzhan boarded bus 12 (vehicle 045) at 07:52", "Aruzhan got off bus 12 at 08:12"], messages.Select(m => m.Text));
        var metrics = await gateway.MetricsAsync();
        Assert.Equal((2, 2), (metrics["transportTapsStored"], metrics["transportTapsDuplicate"]));
    }

    [Fact]
    public async Task EachMalformedRowIsAnsweredWithItsFieldWhileTheRestIsStored()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        using var operatorSystem = bus.OperatorClient(gateway);
        var at = gateway.Time.GetUtcNow();
        var iso = at.ToString("O");
        var body = $$"""
            {"taps":[
              {"tapId":"ok-1","cardId":"{{bus.School.CardId}}","type":"boarded","route":"12","vehicle":"045","at":"{{iso}}"},
              {"tapId":"no-card","type":"boarded","route":"12","at":"{{iso}}"},
              {"tapId":"bad-type","cardId":"{{bus.School.CardId}}","type":"jumped","route":"12","at":"{{iso}}"},
              {"tapId":"local-time","cardId":"{{bus.School.CardId}}","type":"boarded","route":"12","at":"2025-03-10T07:52:00"},
              {"tapId":"future","cardId":"{{bus.School.CardId}}","type":"boarded","route":"12","at":{{at.AddHours(1).ToUnixTimeMilliseconds()}}},
              {"tapId":"half-fix","cardId":"{{bus.School.CardId}}","type":"boarded","route":"12","at":"{{iso}}","lat":42.9},
              {"tapId":"route-number","cardId":"{{bus.School.CardId}}","type":"boarded","route":12,"at":"{{iso}}"},
              {"tapId":"stranger","cardId":"NOBODY-1","type":"boarded","route":"12","at":"{{iso}}"},
              {"tapId":"new-route","cardId":"{{bus.School.CardId}}","type":"alighted","route":"99","vehicle":"777","at":"{{iso}}"},
              "not an object",
              {"cardId":"{{bus.School.CardId}}","type":"boarded","route":"12","at":"{{iso}}"}
            ]}
            """;

        using var response = await operatorSystem.PostAsync(Path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<BatchDto>())!;
        Assert.Equal(
        [
            "0 ok-1 stored -", "1 no-card invalid cardId", "2 bad-type invalid type", "3 local-time invalid at", "4 future invalid at",
            "5 half-fix invalid lon", "6 route-number invalid route", "7 stranger unknown_card -", "8 new-route stored -",
            "9 - invalid tap", "10 - invalid tapId",
        ], answer.Results.Select(r => $"{r.Index} {r.TapId ?? "-"} {r.Outcome} {r.Field ?? "-"}"));
        Assert.All(answer.Results.Where(r => r.Outcome == "invalid"), r => Assert.False(string.IsNullOrEmpty(r.Error)));
        Assert.Equal(
            ["route 99 is not registered for this operator", "vehicle 777 is not registered for this operator"],
            answer.Results[8].Warnings!);
        Assert.Equal((2, 0, 1, 8), (answer.Stored, answer.Duplicates, answer.UnknownCards, answer.Invalid));
        Assert.Equal(2L, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM journey_events"));
        var metrics = await gateway.MetricsAsync();
        Assert.Equal((2, 1, 8, 1),
            (metrics["transportTapsStored"], metrics["transportTapsUnknownCard"], metrics["transportTapsInvalid"], metrics["transportTapsUnregistered"]));
    }

    [Fact]
    public async Task AnUnknownCardIsCountedOnceAndAReSentOneIsADuplicate()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        using var operatorSystem = bus.OperatorClient(gateway);
        var batch = new { taps = new[] { new { tapId = "adult-1", cardId = "ADULT-CARD", type = "boarded", route = "12", at = gateway.Time.GetUtcNow().ToString("O") } } };

        var first = await PostAsync(operatorSystem, batch);
        var second = await PostAsync(operatorSystem, batch);

        Assert.Equal("unknown_card", Assert.Single(first.Results).Outcome);
        Assert.Equal("duplicate", Assert.Single(second.Results).Outcome);
        Assert.Equal(1, (await gateway.MetricsAsync())["transportTapsUnknownCard"]);
        Assert.Equal(0L, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM journey_events"));
    }

    [Theory]
    [InlineData("""{"taps":[]}""", "taps")]
    [InlineData("""{"taps":"many"}""", "taps")]
    [InlineData("""{}""", "taps")]
    [InlineData("""taps=1""", "body")]
    [InlineData("""{"taps":[{"tapId":"x"}""", "taps[1]")]
    public async Task AMalformedBodyIsA400NamingTheField(string body, string field)
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        using var operatorSystem = bus.OperatorClient(gateway);

        using var response = await operatorSystem.PostAsync(Path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>())!;
        Assert.True(problem.Errors.ContainsKey(field), string.Join(", ", problem.Errors.Keys));
    }

    [Fact]
    public async Task AFullBatchIsTakenAndOneTapMoreIsRefused()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        using var operatorSystem = bus.OperatorClient(gateway);
        var at = gateway.Time.GetUtcNow().ToString("O");
        object[] Taps(int count) => [.. Enumerable.Range(0, count).Select(i => new
        {
            tapId = $"tap-{i:D5}", cardId = $"OTHER-{i}", type = "boarded", route = "12", vehicle = "045", at, lat = 42.9012345, lon = 71.3712345,
        })];

        var full = await PostAsync(operatorSystem, new { taps = Taps(1000) });
        using var tooMany = await operatorSystem.PostAsJsonAsync(Path, new { taps = Taps(1001) });

        Assert.Equal(1000, full.UnknownCards);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("taps", (await tooMany.Content.ReadFromJsonAsync<ProblemDto>())!.Errors.Keys);
    }

    [Fact]
    public async Task AWrongARevokedOrAStaffKeyIsRefusedWith401()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        var batch = new { taps = new[] { new { tapId = "t-1", cardId = bus.School.CardId, type = "boarded", route = "12", at = gateway.Time.GetUtcNow().ToString("O") } } };
        using var forged = bus.OperatorClient(gateway, bus.OperatorKey[..^4] + "aaaa");
        using var none = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        using var staff = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        staff.DefaultRequestHeaders.Add("X-Api-Key", gateway.Http.DefaultRequestHeaders.GetValues("X-Api-Key").Single());
        using var valid = bus.OperatorClient(gateway);
        using var bearer = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        bearer.DefaultRequestHeaders.Authorization = new("Bearer", bus.OperatorKey);

        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.PostAsJsonAsync(Path, batch)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.PostAsJsonAsync(Path, batch)).StatusCode);
        // A region admin's own key opens the staff API, not the operators' intake.
        Assert.Equal(HttpStatusCode.Unauthorized, (await staff.PostAsJsonAsync(Path, batch)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bearer.PostAsJsonAsync(Path, batch)).StatusCode);
        // Nor does an operator's key open the staff API.
        Assert.Equal(HttpStatusCode.Unauthorized, (await valid.GetAsync("/api/students")).StatusCode);

        var revoked = await gateway.Http.DeleteAsync($"/api/transport/operators/{bus.OperatorId}/keys/{bus.OperatorKeyId}");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        using var afterRevoke = await valid.PostAsJsonAsync(Path, batch);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.Equal("application/problem+json", afterRevoke.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1L, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM transport_taps"));
    }

    [Fact]
    public async Task IssuingAndRevokingAnOperatorKeyIsAuditedWithoutTheKey()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);

        await gateway.Http.DeleteAsync($"/api/transport/operators/{bus.OperatorId}/keys/{bus.OperatorKeyId}");

        using var connection = gateway.Store.Open();
        var trail = connection.Query<(string Action, string ActorLogin, string? OldValue, string? NewValue)>(
            "SELECT action, actor_login, old_value, new_value FROM audit_log WHERE entity = 'transport-api-key' ORDER BY id").ToList();
        Assert.Equal([("create", TestGateway.AdminLogin), ("revoke", TestGateway.AdminLogin)], trail.Select(t => (t.Action, t.ActorLogin)));
        var secret = bus.OperatorKey.Split('_')[2];
        Assert.All(trail, t => Assert.DoesNotContain(secret, (t.OldValue ?? "") + t.NewValue));
        Assert.Contains("revokedAt", trail[1].NewValue);
    }

    [Fact]
    public async Task OnlyARegionAdminIssuesKeysAndKeepsTheRegistryWhileASchoolAdminReadsIt()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        using var schoolAdmin = await gateway.ClientForAsync("school-admin", bus.School.SchoolId);
        using var guard = await gateway.ClientForAsync("security-officer", bus.School.SchoolId);

        Assert.Equal(HttpStatusCode.Forbidden, (await schoolAdmin.PostAsJsonAsync($"/api/transport/operators/{bus.OperatorId}/keys", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await schoolAdmin.PostAsJsonAsync("/api/transport/operators", new { name = "Mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await schoolAdmin.GetAsync($"/api/transport/operators/{bus.OperatorId}/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await schoolAdmin.GetAsync($"/api/transport/operators/{bus.OperatorId}/routes")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await guard.GetAsync("/api/transport/operators")).StatusCode);
        var validators = await schoolAdmin.GetFromJsonAsync<ValidatorDto[]>("/api/transport/validators");
        Assert.Equal((bus.ValidatorId, bus.OperatorId, "045"), (validators![0].DeviceId, validators[0].OperatorId, validators[0].Vehicle));
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Http.GetAsync("/api/transport/operators/999/vehicles")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await gateway.Http.PostAsJsonAsync($"/api/transport/operators/{bus.OperatorId}/routes", new { number = "12" })).StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocumentSaysTheIntakeIsSignedWithAnOperatorKey()
    {
        await using var gateway = await TestGateway.StartAsync();

        var document = await gateway.GetAsync<System.Text.Json.JsonElement>("/openapi/v1.json");

        var operation = document.GetProperty("paths").GetProperty(Path).GetProperty("post");
        var security = Assert.Single(operation.GetProperty("security").EnumerateArray());
        Assert.Equal(["transportKey"], security.EnumerateObject().Select(p => p.Name));
        Assert.False(operation.GetProperty("responses").TryGetProperty("403", out _));
        Assert.Equal("X-Api-Key", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("transportKey").GetProperty("name").GetString());
    }

    private static async Task<BatchDto> PostAsync(HttpClient client, object batch)
    {
        using var response = await client.PostAsJsonAsync(Path, batch);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<BatchDto>())!;
    }

    public sealed record BatchDto(int Stored, int Duplicates, int UnknownCards, int Invalid, ResultDto[] Results);

    public sealed record ResultDto(int Index, string? TapId, string Outcome, string? Field, string? Error, string[]? Warnings);

    public sealed record ProblemDto(Dictionary<string, string[]> Errors);

    public sealed record ValidatorDto(string DeviceId, long SchoolId, long? OperatorId, long? VehicleId, string? Vehicle);
}
