using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using SchoolGate.Gateway.Admin;

namespace SchoolGate.Gateway.Tests;

public sealed class AdminApiKeyTests
{
    private const string Key = "k3y-for-the-admin-api-0123456789";

    private static Task<TestGateway> StartWithKeyAsync(TestLog? log = null) =>
        TestGateway.StartAsync(configure: b =>
        {
            b.Configuration["Admin:ApiKey"] = Key;
            if (log is not null)
            {
                b.Logging.AddProvider(log);
            }
        });

    private static HttpRequestMessage Request(HttpMethod method, string path, string? bearer = null, string? header = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (header is not null)
        {
            request.Headers.Add("X-Api-Key", header);
        }

        return request;
    }

    private static async Task AssertUnauthorizedProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDto>();
        Assert.Equal(401, problem!.Status);
        Assert.Contains("Admin:ApiKey", problem.Detail);
    }

    private static async Task<long> RejectedCountAsync(TestGateway gateway)
    {
        var response = await gateway.Http.SendAsync(Request(HttpMethod.Get, "/api/metrics", bearer: Key));
        return (await response.Content.ReadFromJsonAsync<Dictionary<string, long>>())!["apiRequestsRejected"];
    }

    [Fact]
    public async Task RefusesAdminApiWithoutTheKeyWhenOneIsConfigured()
    {
        var log = new TestLog();
        await using var gateway = await StartWithKeyAsync(log);

        await AssertUnauthorizedProblemAsync(await gateway.Http.GetAsync("/api/schools"));
        await AssertUnauthorizedProblemAsync(await gateway.Http.PostAsJsonAsync("/api/devices",
            new { deviceId = "turnstile-1", schoolId = 1, kind = "turnstile" }));
        await AssertUnauthorizedProblemAsync(await gateway.Http.GetAsync("/openapi/v1.json"));
        await AssertUnauthorizedProblemAsync(await gateway.Http.SendAsync(Request(HttpMethod.Get, "/api/metrics", bearer: "")));

        Assert.Equal(4, await RejectedCountAsync(gateway));
        // One log line per address per minute: a scanner cannot flood the log.
        Assert.Single(log.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("without a valid key"));
        gateway.Time.Advance(TimeSpan.FromSeconds(61));
        await AssertUnauthorizedProblemAsync(await gateway.Http.GetAsync("/api/cards/x"));
        Assert.Equal(2, log.Lines.Count(l => l.Level == LogLevel.Warning && l.Text.Contains("without a valid key")));
    }

    [Fact]
    public async Task RefusesAWrongKeyOfTheSameLength()
    {
        await using var gateway = await StartWithKeyAsync();
        var wrong = Key[..^1] + (Key[^1] == '9' ? '8' : '9');
        Assert.Equal(Key.Length, wrong.Length);

        await AssertUnauthorizedProblemAsync(await gateway.Http.SendAsync(Request(HttpMethod.Get, "/api/schools", bearer: wrong)));
        await AssertUnauthorizedProblemAsync(await gateway.Http.SendAsync(Request(HttpMethod.Get, "/api/schools", header: wrong)));
        await AssertUnauthorizedProblemAsync(await gateway.Http.SendAsync(Request(HttpMethod.Get, "/api/schools", header: Key.ToUpperInvariant())));

        Assert.Equal(3, await RejectedCountAsync(gateway));
    }

    [Fact]
    public async Task AcceptsTheKeyAsBearerOrHeader()
    {
        await using var gateway = await StartWithKeyAsync();

        var created = await gateway.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/schools")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Key) },
            Content = JsonContent.Create(new { name = "School 7" }),
        });
        var listed = await gateway.Http.SendAsync(Request(HttpMethod.Get, "/api/schools", header: Key));
        var document = await gateway.Http.SendAsync(Request(HttpMethod.Get, "/openapi/v1.json", bearer: Key));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Contains("School 7", await listed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal(0, await RejectedCountAsync(gateway));
    }

    [Fact]
    public async Task HealthStaysOpenWithAKeyConfigured()
    {
        await using var gateway = await StartWithKeyAsync();

        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/health")).StatusCode);
        // The pages load without the key; only their API calls need it.
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/dashboard.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/api-docs/index.html")).StatusCode);
        Assert.Equal(0, await RejectedCountAsync(gateway));
    }

    [Theory]
    [InlineData("short-key-15chr")]
    [InlineData("x")]
    public async Task RefusesToStartWithAShortKey(string key)
    {
        var error = await TestGateway.RefusedStartAsync($"--Admin:ApiKey={key}");

        Assert.Contains("Admin:ApiKey", error.Message);
    }

    [Fact]
    public async Task AdminApiStaysOpenWhenNoKeyIsConfigured()
    {
        await using var gateway = await TestGateway.StartAsync();

        var schoolId = await gateway.CreateSchoolAsync("School 7");
        var secret = await gateway.RegisterDeviceAsync("turnstile-7", schoolId);
        var document = await gateway.Http.GetAsync("/openapi/v1.json");

        Assert.NotEmpty(secret);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal(0, (await gateway.MetricsAsync())["apiRequestsRejected"]);
    }

    [Theory]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.0.0.2:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://192.168.1.10:8080", false)]
    [InlineData("http://gateway.school.lan:8080", false)]
    public void TreatsOnlyLocalhostAndLoopbackAddressesAsClosedToTheNetwork(string address, bool loopback)
    {
        Assert.Equal(loopback, AdminExtensions.IsLoopback(address));
    }

    private sealed record ProblemDto(int Status, string Title, string Detail);
}
