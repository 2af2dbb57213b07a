using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SchoolGate.Gateway.Students;

namespace SchoolGate.Gateway.Tests.Sms;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("+77012345678", "+77012345678")]
    [InlineData("+7 701 234 56 78", "+77012345678")]
    [InlineData("+7 (701) 234-56-78", "+77012345678")]
    [InlineData("87012345678", "+77012345678")]
    [InlineData("8 (701) 234-56-78", "+77012345678")]
    [InlineData("77012345678", "+77012345678")]
    [InlineData("  8 727 250 00 00 ", "+77272500000")]
    [InlineData("+76001234567", "+76001234567")]
    public void KazakhstanNumbersInTheirUsualSpellingsBecomeE164(string input, string expected)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("+7 701 234 56 7")]          // nine national digits
    [InlineData("+7 701 234 56 789")]        // eleven
    [InlineData("+79161234567")]             // Russia: +7 9xx
    [InlineData("89161234567")]              // Russia, trunk prefix
    [InlineData("+87012345678")]             // '+' and the trunk prefix together
    [InlineData("+998901234567")]            // Uzbekistan
    [InlineData("7012345678")]               // national part alone: which country?
    [InlineData("+7 701 234 56 78 ext 5")]
    [InlineData("8-701-234-56-78a")]
    [InlineData("+7+7012345678")]
    [InlineData("+７７０１２３４５６７８")]        // full-width digits
    public void AnythingElseIsRefused(string input)
    {
        Assert.False(PhoneNumbers.TryNormalize(input, out var e164));
        Assert.Null(e164);
    }

    [Fact]
    public async Task AGuardianRegisteredWithALocalSpellingIsStoredInE164()
    {
        await using var gateway = await TestGateway.StartAsync();

        var created = await gateway.PostAsync<GuardianDto>("/api/guardians", new { firstName = "Gulnara", lastName = "P", phone = "8 (701) 234-56-78" });

        Assert.Equal("+77012345678", created.Phone);
        Assert.Equal("+77012345678", (await gateway.GetAsync<GuardianDto>($"/api/guardians/{created.Id}")).Phone);
    }

    [Fact]
    public async Task AGuardianWithAnInvalidPhoneIsRefusedNamingThePhoneField()
    {
        await using var gateway = await TestGateway.StartAsync();

        var response = await gateway.Http.PostAsJsonAsync("/api/guardians", new { firstName = "Gulnara", lastName = "P", phone = "+7 916 123 45 67" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal(PhoneNumbers.Invalid, errors.GetProperty("phone")[0].GetString());
        Assert.Empty(await gateway.GetAsync<GuardianDto[]>("/api/guardians"));
    }

    [Fact]
    public async Task AGuardianWithoutAPhoneIsStillRegistered()
    {
        await using var gateway = await TestGateway.StartAsync();

        var created = await gateway.PostAsync<GuardianDto>("/api/guardians", new { firstName = "Gulnara", lastName = "P" });

        Assert.Null(created.Phone);
    }

    private sealed record GuardianDto(long Id, string? Phone);
}
