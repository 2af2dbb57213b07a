using Microsoft.Playwright;

namespace SchoolGate.Gateway.Tests;

/// <summary>Debian's Chromium driven by Playwright, on a test gateway's dashboard, signed in through its form.</summary>
public sealed class DashboardBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private DashboardBrowser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Opens the dashboard and signs in (as the test gateway's region admin unless told otherwise).</summary>
    public static async Task<DashboardBrowser> OpenAsync(TestGateway gateway, string login = TestGateway.AdminLogin,
        string password = TestGateway.AdminPassword)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(gateway.Http.BaseAddress!, "/").AbsoluteUri);
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in button[type=submit]");
        return new DashboardBrowser(playwright, browser, page);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
