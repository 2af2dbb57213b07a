using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SchoolGate.Gateway.Tests.Telegram;

/// <summary>The school's side of onboarding: link codes one by one, and the printable sheet.</summary>
public sealed class TelegramLinkCodesApiTests
{
    [Fact]
    public async Task IssuesAnUnguessableCodeWithTheDeepLinkOfTheSchoolsBotAndItsExpiry()
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var school = await bed.SeedSchoolAsync("School 7");
        var family = await bed.SeedFamilyAsync(school, "ru", "Gulnara", "Aruzhan");
        using var admin = await bed.Gateway.ClientForAsync("school-admin", school.Id);

        var code = await bed.IssueCodeAsync(family.GuardianId, admin);

        Assert.Equal(family.GuardianId, code.GuardianId);
        Assert.Equal(school.Id, code.SchoolId);
        Assert.Matches("^[2-9A-HJKMNP-Z]{12}$", code.Code);
        Assert.Equal(TelegramTestBed.MainBot, code.Bot);
        Assert.Equal($"https://t.me/{TelegramTestBed.MainBot}?start={code.Code}", code.DeepLink);
        Assert.Equal(bed.Gateway.Time.GetUtcNow().AddDays(14), code.ExpiresAt);
        Assert.Equal(1, (await bed.Gateway.MetricsAsync())["telegramLinkCodesIssued"]);
    }

    [Fact]
    public async Task IssuingACodeIsAuditedWithoutTheCode()
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var (school, family, code) = await bed.SeedCodeAsync("ru", "Aruzhan");

        var entries = await bed.Gateway.GetAsync<JsonElement[]>("/api/audit?entity=guardian");

        var issued = entries.First();
        Assert.Equal("issue-telegram-link-code", issued.GetProperty("action").GetString());
        Assert.Equal(family.GuardianId.ToString(System.Globalization.CultureInfo.InvariantCulture), issued.GetProperty("entityId").GetString());
        Assert.Equal(school.Id, issued.GetProperty("schoolId").GetInt64());
        Assert.DoesNotContain(code.Code, issued.ToString());
    }

    [Fact]
    public async Task AnotherSchoolsAdminCannotIssueACodeForTheGuardian()
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var (school, family, _) = await bed.SeedCodeAsync("ru", "Aruzhan");
        var other = await bed.SeedSchoolAsync("School 8");
        using var otherAdmin = await bed.Gateway.ClientForAsync("school-admin", other.Id);
        using var guard = await bed.Gateway.ClientForAsync("security-officer", other.Id);

        var refused = await otherAdmin.PostAsync($"/api/guardians/{family.GuardianId}/telegram-link-code", null);
        var forbidden = await guard.PostAsync($"/api/guardians/{family.GuardianId}/telegram-link-code", null);
        var sheet = await otherAdmin.PostAsync($"/api/schools/{school.Id}/telegram-link-codes", null);

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, sheet.StatusCode);
    }

    [Fact]
    public async Task ARegionAdminNamesTheSchoolWhenTheGuardiansChildrenAreAtTwo()
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var first = await bed.SeedSchoolAsync("School 7");
        var north = await bed.SeedSchoolAsync("North school");
        var family = await bed.SeedFamilyAsync(first, "ru", "Gulnara", "Aruzhan");
        var sibling = await bed.Gateway.CreateStudentAsync(north.Id, "Dias");
        await bed.Gateway.LinkGuardianAsync(sibling, family.GuardianId);

        var ambiguous = await bed.Gateway.Http.PostAsync($"/api/guardians/{family.GuardianId}/telegram-link-code", null);
        var named = await bed.Gateway.Http.PostAsync($"/api/guardians/{family.GuardianId}/telegram-link-code?schoolId={north.Id}", null);

        Assert.Equal(HttpStatusCode.BadRequest, ambiguous.StatusCode);
        Assert.Equal(HttpStatusCode.Created, named.StatusCode);
        Assert.Equal(TelegramTestBed.NorthBot, (await named.Content.ReadFromJsonAsync<TelegramTestBed.LinkCodeDto>())!.Bot);
    }

    [Fact]
    public async Task ASchoolWithoutABotGetsAConflictNotACode()
    {
        await using var bed = await TelegramTestBed.StartAsync(configure: b =>
        {
            // Only the north bot: school 7 (id 1) is served by none.
            b.Configuration["Telegram:Bots:0:SchoolIds:0"] = "99";
        });
        var school = await bed.SeedSchoolAsync("School 7");
        var family = await bed.SeedFamilyAsync(school, "ru", "Gulnara", "Aruzhan");

        var refused = await bed.Gateway.Http.PostAsync($"/api/guardians/{family.GuardianId}/telegram-link-code", null);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(0, bed.Gateway.Store.Scalar<long>("SELECT COUNT(*) FROM guardian_link_codes"));
    }

    [Fact]
    public async Task ThePrintableSheetHasASlipPerUnlinkedGuardianWithFreshCodesAndEscapedNames()
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var school = await bed.SeedSchoolAsync("School <7> & Co");
        var kazakh = await bed.SeedFamilyAsync(school, "kk", "Ainur", "Aruzhan", "Dias");
        var hacker = await bed.SeedFamilyAsync(school, "en", "<script>alert(1)</script>", "Timur");
        var linked = await bed.SeedFamilyAsync(school, "ru", "Linked", "Zarina");
        var linkedCode = await bed.IssueCodeAsync(linked.GuardianId);
        await bed.Parent(5550201).SendAsync("/start " + linkedCode.Code);
        using var admin = await bed.Gateway.ClientForAsync("school-admin", school.Id);

        var response = await admin.PostAsync($"/api/schools/{school.Id}/telegram-link-codes", null);
        var html = await response.Content.ReadAsStringAsync();
        var all = await (await admin.PostAsync($"/api/schools/{school.Id}/telegram-link-codes?all=true", null)).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("School &lt;7&gt; &amp; Co", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; Parent", html);
        Assert.Contains("Балалар: Aruzhan, Dias", html);      // the slip in the guardian's language, children by first name
        Assert.DoesNotContain("Surname", html);
        Assert.Contains("@page", html);
        Assert.DoesNotContain("Linked Parent", html);          // already linked: no slip unless ?all=true
        Assert.Contains("Linked Parent", all);
        var codes = bed.Gateway.Store.Scalar<long>(
            "SELECT COUNT(*) FROM guardian_link_codes WHERE used_at IS NULL AND expires_at > @now",
            new { now = bed.Gateway.Time.GetUtcNow().ToUnixTimeMilliseconds() });
        Assert.Equal(3, codes);   // the ?all=true sheet voided the first sheet's codes: one valid code per guardian
        foreach (var guardian in new[] { kazakh.GuardianId, hacker.GuardianId })
        {
            var code = bed.Gateway.Store.Scalar<string>(
                "SELECT code FROM guardian_link_codes WHERE guardian_id = @guardian AND expires_at > @now",
                new { guardian, now = bed.Gateway.Time.GetUtcNow().ToUnixTimeMilliseconds() });
            Assert.Contains($"https://t.me/{TelegramTestBed.MainBot}?start={code}", all);
        }
    }
}
