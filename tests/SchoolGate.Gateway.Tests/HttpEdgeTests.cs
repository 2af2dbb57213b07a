using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SchoolGate.Gateway.Mqtt;

namespace SchoolGate.Gateway.Tests;

/// <summary>The HTTP edge on framework pieces: health checks, rate limits, body limits, the OpenAPI document.</summary>
public sealed class HttpEdgeTests
{
    [Fact]
    public async Task HealthIs503WhenTheStoreIsUnavailable()
    {
        await using var gateway = await TestGateway.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/health")).StatusCode);

        gateway.Store.Execute("DROP TABLE schema_versions");
        var response = await gateway.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unhealthy", health.GetProperty("status").GetString());
        Assert.Equal("unavailable", health.GetProperty("store").GetString());
        Assert.Equal("listening", health.GetProperty("mqtt").GetString());
    }

    [Fact]
    public async Task HealthIs503WhenTheBrokerIsStopped()
    {
        await using var gateway = await TestGateway.StartAsync();

        await gateway.Services.GetRequiredService<MqttBroker>().StoppingAsync(CancellationToken.None);
        using var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        var response = await anonymous.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("stopped", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mqtt").GetString());
    }

    [Fact]
    public async Task AnAccountOverItsRateGets429WithRetryAfterAndOthersDoNot()
    {
        await using var gateway = await TestGateway.StartAsync(configure: b =>
        {
            b.Configuration["Api:RequestBurst"] = "5";
            b.Configuration["Api:RequestsPerSecond"] = "1";
        });
        var sameAccount = await gateway.SignInAsync(TestGateway.AdminLogin, TestGateway.AdminPassword);
        var otherAccount = await gateway.ClientForAsync("region-admin", null);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await gateway.Http.GetAsync("/api/schools")).StatusCode);
        }

        var refused = await gateway.Http.GetAsync("/api/schools");
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        // The same account through a bearer token shares the budget (keyed by account, not by key);
        // another account has its own.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await sameAccount.GetAsync("/api/schools")).StatusCode);
        var metrics = await otherAccount.GetFromJsonAsync<Dictionary<string, long>>("/api/metrics");
        Assert.True(metrics!["apiRequestsThrottled"] >= 3, $"apiRequestsThrottled = {metrics["apiRequestsThrottled"]}");
    }

    [Fact]
    public async Task SignInsFromOneAddressAreRateLimited()
    {
        await using var gateway = await TestGateway.StartAsync(configure: b => b.Configuration["Api:SignInsPerMinute"] = "3");
        using var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await anonymous.PostAsJsonAsync("/api/auth/login",
                new { login = TestGateway.AdminLogin, password = TestGateway.AdminPassword })).StatusCode);
        }

        // The test gateway's own sign-in at start used one of the three.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task AnOversizedBodyIsRefusedWith413()
    {
        await using var gateway = await TestGateway.StartAsync();
        var body = $$"""{"name":"{{new string('x', 100_000)}}"}""";

        var response = await gateway.Http.PostAsync("/api/schools", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await gateway.GetAsync<TestGateway.IdDto[]>("/api/schools"));
    }

    [Fact]
    public async Task TheOpenApiDocumentDeclaresSignInAndTheProblemAnswersOfEveryOperation()
    {
        await using var gateway = await TestGateway.StartAsync();

        var document = await gateway.GetAsync<JsonElement>("/openapi/v1.json");

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("X-Api-Key", schemes.GetProperty("apiKey").GetProperty("name").GetString());
        var wrong = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var responses = operation.Value.GetProperty("responses");
                var open = name is "GET /health" or "POST /api/auth/login" or "POST /api/auth/session" or "POST /api/auth/logout";
                if (!open && (!responses.TryGetProperty("401", out _) || operation.Value.GetProperty("security").GetArrayLength() == 0))
                {
                    wrong.Add($"{name}: no security requirement or 401");
                }

                if (path.Name.Contains('{') && !responses.TryGetProperty("404", out _))
                {
                    wrong.Add($"{name}: no 404");
                }

                if (operation.Value.TryGetProperty("requestBody", out _) && !(responses.TryGetProperty("400", out _) && responses.TryGetProperty("413", out _)))
                {
                    wrong.Add($"{name}: a body but no 400/413");
                }

                if (!operation.Value.TryGetProperty("summary", out _))
                {
                    wrong.Add($"{name}: no summary");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        var components = document.GetProperty("components").GetProperty("schemas");
        Assert.Equal(["firstName", "lastName"], Required(components, "CreateStudent"));
        Assert.Equal(["deviceId", "kind"], Required(components, "CreateDevice"));
        Assert.Equal(["cardId", "studentId"], Required(components, "CreateCard"));
    }

    private static string[] Required(JsonElement schemas, string name) =>
        [.. schemas.GetProperty(name).GetProperty("required").EnumerateArray().Select(e => e.GetString()!).Order()];
}
