using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SchoolGate.Gateway.Accounts;

namespace SchoolGate.Gateway.Tests.Accounts;

public sealed class SignInTests
{
    private const string Password = "correct-horse-1";

    [Fact]
    public async Task UnauthenticatedRequestsGet401WithProblemDetails()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress };

        var response = await anonymous.GetAsync("/api/schools");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        Assert.Equal(1, (await gateway.MetricsAsync())["apiRequestsRejected"]);
    }

    [Fact]
    public async Task ABearerTokenOpensTheApiUntilItExpires()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = await gateway.SignInAsync(TestGateway.AdminLogin, TestGateway.AdminPassword);

        var before = await client.GetAsync("/api/schools");
        gateway.Time.Advance(TimeSpan.FromMinutes(15));
        var after = await client.GetAsync("/api/schools");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task AWrongPasswordAnUnknownLoginAndADisabledAccountAreRefusedAlike()
    {
        await using var gateway = await TestGateway.StartAsync();
        var school = await gateway.CreateSchoolAsync("School 7");
        var disabled = await CreateAccountAsync(gateway, "guard-off", "security-officer", school);
        (await gateway.Http.PatchAsJsonAsync($"/api/accounts/{disabled}", new { disabled = true })).EnsureSuccessStatusCode();
        using var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress };

        var answers = new List<string>();
        foreach (var (login, password) in new[] { (TestGateway.AdminLogin, "wrong-password"), ("nobody-here", Password), ("guard-off", Password) })
        {
            var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { login, password });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            answers.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!);
        }

        Assert.Single(answers.Distinct());
        Assert.Equal(3, (await gateway.MetricsAsync())["staffSignInsFailed"]);
    }

    [Fact]
    public async Task TooManyWrongPasswordsThrottleTheLoginFromThatAddressUntilTheWindowEnds()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        for (var i = 0; i < 5; i++)
        {
            await anonymous.PostAsJsonAsync("/api/auth/login", new { login = TestGateway.AdminLogin, password = "wrong-password" });
        }

        var refused = await anonymous.PostAsJsonAsync("/api/auth/login", new { login = TestGateway.AdminLogin, password = TestGateway.AdminPassword });
        gateway.Time.Advance(TimeSpan.FromMinutes(5));
        var later = await anonymous.PostAsJsonAsync("/api/auth/login", new { login = TestGateway.AdminLogin, password = TestGateway.AdminPassword });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        var metrics = await gateway.MetricsAsync();
        Assert.Equal(1, metrics["staffSignInsThrottled"]);
        Assert.Equal(6, metrics["staffSignInsFailed"]);
    }

    [Fact]
    public async Task LoginsCompareWithoutCase()
    {
        await using var gateway = await TestGateway.StartAsync();
        var school = await gateway.CreateSchoolAsync("School 7");
        await CreateAccountAsync(gateway, "Aigerim.S", "school-admin", school);

        using var client = await gateway.SignInAsync("aigerim.s", Password);
        var duplicate = await gateway.Http.PostAsJsonAsync("/api/accounts",
            new { login = "AIGERIM.S", role = "school-admin", schoolId = school, password = Password });

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact]
    public async Task DisablingAnAccountEndsItsTokensAndKeysAtOnce()
    {
        await using var gateway = await TestGateway.StartAsync();
        var school = await gateway.CreateSchoolAsync("School 7");
        var id = await CreateAccountAsync(gateway, "head-7", "school-admin", school);
        using var client = await gateway.SignInAsync("head-7", Password);
        var key = await (await client.PostAsJsonAsync("/api/auth/keys", new { name = "script" })).Content.ReadFromJsonAsync<TestGateway.ApiKeyDto>();
        using var script = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        script.DefaultRequestHeaders.Add("X-Api-Key", key!.Key);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/students")).StatusCode);

        (await gateway.Http.PatchAsJsonAsync($"/api/accounts/{id}", new { disabled = true })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/students")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/students")).StatusCode);
    }

    [Fact]
    public async Task ARevokedApiKeyStopsWorkingAndOthersDoNot()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = await gateway.SignInAsync(TestGateway.AdminLogin, TestGateway.AdminPassword);
        var first = await (await client.PostAsJsonAsync("/api/auth/keys", new { name = "first" })).Content.ReadFromJsonAsync<TestGateway.ApiKeyDto>();

        (await client.DeleteAsync($"/api/auth/keys/{first!.Id}")).EnsureSuccessStatusCode();

        using var revoked = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        revoked.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", first.Key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.GetAsync("/api/schools")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/api/schools")).StatusCode);
        Assert.StartsWith("sgk_", first.Key);
    }

    [Fact]
    public async Task ChangingThePasswordEndsTokensIssuedBefore()
    {
        await using var gateway = await TestGateway.StartAsync();
        var school = await gateway.CreateSchoolAsync("School 7");
        await CreateAccountAsync(gateway, "head-7", "school-admin", school);
        using var client = await gateway.SignInAsync("head-7", Password);

        var changed = await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = Password, newPassword = "a-new-password-2" });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
        using var again = await gateway.SignInAsync("head-7", "a-new-password-2");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task TheDashboardSessionCookieOpensTheApiUntilSignOut()
    {
        await using var gateway = await TestGateway.StartAsync();
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = gateway.Http.BaseAddress };

        var session = await browser.PostAsJsonAsync("/api/auth/session", new { login = TestGateway.AdminLogin, password = TestGateway.AdminPassword });
        var cookie = cookies.GetCookies(gateway.Http.BaseAddress!).Single();
        var during = await browser.GetAsync("/api/auth/me");
        await browser.PostAsync("/api/auth/logout", null);
        var after = await browser.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task AGatewayWithNoAccountPrintsAOneTimeAdminPasswordThatSignsIn()
    {
        var log = new TestLog();
        await using var gateway = await TestGateway.CreateAsync(configure: b => b.Logging.AddProvider(log));
        gateway.BootstrapAdmin = false;
        await gateway.StartAppAsync();
        var line = Assert.Single(log.Lines, l => l.Text.Contains("one-time password")).Text;
        var password = line.Split("one-time password ")[1].Split(' ')[0];

        using var admin = await gateway.SignInAsync("admin", password);
        var me = await admin.GetFromJsonAsync<JsonElement>("/api/auth/me");

        Assert.Equal("region-admin", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task TheAdminCommandCreatesAnAccountInTheConfiguredStore()
    {
        await using var gateway = await TestGateway.StartAsync();
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await AdminCommand.RunAsync(["create", "--role", "region-admin", "--login", "night-admin", .. gateway.Store.GatewayArgs],
            new StringReader(""), output, error);

        Assert.True(exit == 0, error.ToString());
        var password = output.ToString().Split("Password (shown once): ")[1].Trim();
        using var admin = await gateway.SignInAsync("night-admin", password);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/schools")).StatusCode);
        var audit = await gateway.GetAsync<JsonElement[]>("/api/audit?entity=account");
        Assert.Contains(audit, e => e.GetProperty("actorLogin").GetString() == "(command line)"
            && e.GetProperty("newValue").GetProperty("login").GetString() == "night-admin");
    }

    [Fact]
    public async Task TheAdminCommandRefusesASchoolRoleWithoutASchool()
    {
        var error = new StringWriter();

        var exit = await AdminCommand.RunAsync(["create", "--role", "school-admin", "--login", "x"], new StringReader(""), new StringWriter(), error);

        Assert.Equal(2, exit);
        Assert.Contains("--school", error.ToString());
    }

    private static async Task<long> CreateAccountAsync(TestGateway gateway, string login, string role, long schoolId) =>
        (await gateway.PostAsync<AccountCreatedDto>("/api/accounts", new { login, role, schoolId, password = Password })).Account.Id;

    private sealed record AccountCreatedDto(TestGateway.IdDto Account, string? Password);
}
