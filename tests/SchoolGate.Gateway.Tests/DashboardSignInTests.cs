using Microsoft.Playwright;

namespace SchoolGate.Gateway.Tests;

/// <summary>The dashboard in Chromium: its cookie sign-in, and sections a role may not see hidden, not shown empty.</summary>
public sealed class DashboardSignInTests
{
    [Fact]
    public async Task ASecurityOfficerSeesTheirEntrancesButNotTheGatewayCountersOrParentMessages()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await gateway.PostAsync<object>("/api/accounts",
            new { login = "guard-7", role = "security-officer", schoolId = s.SchoolId, password = "staff-password-1" });

        await using var dashboard = await DashboardBrowser.OpenAsync(gateway, "guard-7", "staff-password-1");
        var page = dashboard.Page;

        await Assertions.Expect(page.Locator("#account-name")).ToContainTextAsync("guard-7 · security-officer");
        await Assertions.Expect(page.Locator("#devices tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#devices")).ToContainTextAsync(s.DeviceId);
        await Assertions.Expect(page.Locator("#counters")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#notifications")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#sign-in")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task AWrongPasswordKeepsTheSignInFormAndSaysWhy()
    {
        await using var gateway = await TestGateway.StartAsync();

        await using var dashboard = await DashboardBrowser.OpenAsync(gateway, TestGateway.AdminLogin, "not-the-password");
        var page = dashboard.Page;

        await Assertions.Expect(page.Locator("#sign-in-error")).ToContainTextAsync("Wrong login or password");
        await Assertions.Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#account")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task SigningOutReturnsToTheSignInForm()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var dashboard = await DashboardBrowser.OpenAsync(gateway);
        var page = dashboard.Page;
        await Assertions.Expect(page.Locator("#counters .counter").First).ToBeVisibleAsync();

        await page.ClickAsync("#sign-out");

        await Assertions.Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
    }
}
