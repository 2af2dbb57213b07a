using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SchoolGate.Gateway.Webhooks;

namespace SchoolGate.Gateway.Tests.Webhooks;

public sealed class WebhooksApiTests
{
    private const string Url = "https://integrator.example/hooks/schoolgate";

    [Fact]
    public async Task AnotherSchoolsSubscriptionAnswersAsIfItDidNotExist()
    {
        await using var gateway = await TestGateway.StartAsync();
        var a = await gateway.SeedAsync("School A");
        var b = await gateway.SeedAsync("School B", "Bolat");
        var adminA = await gateway.ClientForAsync("school-admin", a.SchoolId);
        var adminB = await gateway.ClientForAsync("school-admin", b.SchoolId);
        var created = await adminA.PostAsJsonAsync("/api/webhooks", new { url = Url, events = new[] { WebhookEventKinds.PassageEntered } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<WebhookScenario.CreatedDto>())!.Subscription.Id;

        Assert.Equal(HttpStatusCode.NotFound, (await adminB.GetAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adminB.GetAsync($"/api/webhooks/{id}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adminB.PostAsync($"/api/webhooks/{id}/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adminB.PostAsync($"/api/webhooks/{id}/rotate-secret", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adminB.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Empty((await adminB.GetFromJsonAsync<WebhookScenario.SubscriptionDto[]>("/api/webhooks"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await adminB.GetAsync($"/api/webhooks?schoolId={a.SchoolId}")).StatusCode);
        // Nor can a school admin subscribe for another school.
        var other = await adminB.PostAsJsonAsync("/api/webhooks", new { url = Url, events = new[] { "passage.entered" }, schoolId = a.SchoolId });
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Single((await adminA.GetFromJsonAsync<WebhookScenario.SubscriptionDto[]>("/api/webhooks"))!);
        Assert.Equal(HttpStatusCode.OK, (await adminA.GetAsync($"/api/webhooks/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("security-officer")]
    [InlineData("canteen-operator")]
    public async Task OnlyAdminsManageWebhooks(string role)
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var staff = await gateway.ClientForAsync(role, s.SchoolId);

        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync("/api/webhooks", new { url = Url, events = new[] { "passage.entered" } })).StatusCode);
    }

    [Theory]
    [InlineData("""{"url":"http://integrator.example/hook","events":["passage.entered"]}""", "url")]
    [InlineData("""{"url":"http://10.0.0.5/hook","events":["passage.entered"]}""", "url")]
    [InlineData("""{"url":"https://user:pass@integrator.example/hook","events":["passage.entered"]}""", "url")]
    [InlineData("""{"url":"/hook","events":["passage.entered"]}""", "url")]
    [InlineData("""{"url":"ftp://integrator.example/hook","events":["passage.entered"]}""", "url")]
    [InlineData("""{"url":"https://integrator.example/hook","events":["passage.teleported"]}""", "events")]
    [InlineData("""{"url":"https://integrator.example/hook","events":[]}""", "events")]
    [InlineData("""{"url":"https://integrator.example/hook"}""", "events")]
    [InlineData("""{"events":["passage.entered"]}""", "url")]
    [InlineData("""{"url":"https://integrator.example/hook","events":["passage.entered"]}""", "schoolId")]   // a region admin names the school
    public async Task BadInputIsRefusedNamingTheField(string body, string field)
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.SeedAsync();

        using var response = await gateway.Http.PostAsync("/api/webhooks", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
        Assert.Empty(await gateway.GetAsync<WebhookScenario.SubscriptionDto[]>("/api/webhooks"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9000/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://[::1]:9000/hook")]
    [InlineData("https://integrator.example/hook")]
    public async Task HttpsOrLoopbackAddressesAreAccepted(string url)
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();

        var created = await gateway.PostAsync<WebhookScenario.CreatedDto>("/api/webhooks", new { url, events = new[] { "passage.exited" }, schoolId = s.SchoolId });

        Assert.Equal(url, created.Subscription.Url);
        Assert.Equal(["passage.exited"], created.Subscription.Events);
    }

    [Fact]
    public async Task TheSecretIsShownOnlyOnceAndNeverReachesTheAuditTrail()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();

        var created = await gateway.PostAsync<WebhookScenario.CreatedDto>("/api/webhooks",
            new { url = Url, events = new[] { "passage.entered", "passage.exited", "passage.entered" }, schoolId = s.SchoolId, description = "ERP" });

        Assert.StartsWith("whsec_", created.Secret);
        Assert.Equal(["passage.entered", "passage.exited"], created.Subscription.Events);
        var shown = await gateway.Http.GetStringAsync($"/api/webhooks/{created.Subscription.Id}");
        Assert.DoesNotContain(created.Secret, shown);
        Assert.DoesNotContain("secret\"", shown);
        var rotated = await gateway.PostAsync<WebhookScenario.CreatedDto>($"/api/webhooks/{created.Subscription.Id}/rotate-secret", new { });
        var audit = await gateway.Http.GetStringAsync("/api/audit?entity=webhook");
        Assert.Contains("rotate-secret", audit);
        Assert.DoesNotContain(created.Secret, audit);
        Assert.DoesNotContain(rotated.Secret, audit);
    }

    [Fact]
    public async Task ADeletedSubscriptionIsGoneAndItsRemovalAudited()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var created = await gateway.PostAsync<WebhookScenario.CreatedDto>("/api/webhooks", new { url = Url, events = new[] { "passage.entered" }, schoolId = s.SchoolId });

        Assert.Equal(HttpStatusCode.NoContent, (await gateway.Http.DeleteAsync($"/api/webhooks/{created.Subscription.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Http.GetAsync($"/api/webhooks/{created.Subscription.Id}")).StatusCode);
        var entries = await gateway.GetAsync<JsonElement[]>($"/api/audit?entity=webhook&schoolId={s.SchoolId}");
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "delete");
    }
}
