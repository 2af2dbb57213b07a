using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Notifications;

namespace SchoolGate.Gateway.Tests;

/// <summary>Parents in Taraz read Kazakh or Russian: each guardian gets messages in their own language.</summary>
public sealed class ParentMessageLanguageTests
{
    // TestGateway starts at 02:52 UTC = 07:52 in Almaty; 09:05 UTC = 14:05.
    private static readonly TimeSpan UntilDeparture = TimeSpan.FromHours(6).Add(TimeSpan.FromMinutes(13));

    [Theory]
    [InlineData("kk", "Aruzhan: мектепке кірді, 07:52", "Aruzhan: мектептен шықты, 14:05")]
    [InlineData("ru", "Aruzhan: вход в школу в 07:52", "Aruzhan: выход из школы в 14:05")]
    [InlineData("en", "Aruzhan arrived at school at 07:52", "Aruzhan left school at 14:05")]
    public async Task SendsTheMessageInTheGuardiansLanguage(string language, string arrival, string departure)
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync(firstName: "Aruzhan");
        var guardian = await CreateGuardianAsync(gateway, language);
        await gateway.LinkGuardianAsync(s.StudentId, guardian.Id);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        await SendPassagesAsync(gateway, device, s.CardId);

        Assert.Equal(language, guardian.Language);
        Assert.Equal([departure, arrival], await TextsAsync(gateway, guardian.Id));
    }

    [Theory]
    [InlineData(null, "ru", "Aruzhan: вход в школу в 07:52")]
    [InlineData("kk", "kk", "Aruzhan: мектепке кірді, 07:52")]
    public async Task UsesTheDefaultLanguageWhenNoneIsGiven(string? configuredDefault, string expectedLanguage, string expectedText)
    {
        await using var gateway = await TestGateway.StartAsync(configure: b => SetDefaultLanguage(b, configuredDefault));
        var s = await gateway.SeedAsync(firstName: "Aruzhan");
        var guardian = await CreateGuardianAsync(gateway, language: null);
        await gateway.LinkGuardianAsync(s.StudentId, guardian.Id);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());

        Assert.Equal(expectedLanguage, guardian.Language);
        Assert.Equal(expectedLanguage, (await gateway.GetAsync<GuardianDto>($"/api/guardians/{guardian.Id}")).Language);
        Assert.Equal([expectedText], await TextsAsync(gateway, guardian.Id));
    }

    [Fact]
    public async Task AcceptsALanguageCodeInCapitals()
    {
        await using var gateway = await TestGateway.StartAsync();

        var guardian = await CreateGuardianAsync(gateway, " KK ");

        Assert.Equal("kk", guardian.Language);
    }

    [Theory]
    [InlineData("\"de\"")]
    [InlineData("\"kz\"")]   // the country code, not the language code
    [InlineData("\"\"")]
    [InlineData("7")]
    public async Task RejectsAnUnknownLanguage(string languageJson)
    {
        await using var gateway = await TestGateway.StartAsync();
        var json = $$"""{"firstName":"Gulnara","lastName":"Parent","language":{{languageJson}}}""";

        var response = await gateway.Http.PostAsync("/api/guardians", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("language", out _), $"no error for 'language' in {problem}");
        Assert.Empty(await gateway.GetAsync<GuardianDto[]>("/api/guardians"));
    }

    [Fact]
    public async Task RefusesToStartWithAnUnknownDefaultLanguage()
    {
        var error = await TestGateway.RefusedStartAsync("--Notifications:DefaultLanguage=kz");

        Assert.Contains("Notifications:DefaultLanguage", error.Message);
    }

    [Fact]
    public async Task GuardiansRegisteredBeforeLanguagesGetTheDefaultAndQueuedTextsNeverChange()
    {
        string? defaultLanguage = null;
        await using var gateway = await TestGateway.StartAsync(configure: b => SetDefaultLanguage(b, defaultLanguage));
        var s = await gateway.SeedAsync(firstName: "Aruzhan");
        var guardian = await CreateGuardianAsync(gateway, "en");
        await gateway.LinkGuardianAsync(s.StudentId, guardian.Id);
        // What migration 2 leaves for a guardian created by an older gateway.
        gateway.Store.Execute("UPDATE guardians SET language = NULL WHERE id = @Id", guardian);

        await using (var device = await gateway.ConnectAsync(s.DeviceId, s.Secret))
        {
            await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());
        }

        defaultLanguage = MessageTemplates.Kazakh;
        await gateway.RestartAsync();
        await using (var device = await gateway.ConnectAsync(s.DeviceId, s.Secret))
        {
            gateway.Time.Advance(UntilDeparture);
            await device.SendEventAsync(2, PassageTypes.Exited, s.CardId, gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());
        }

        Assert.Null((await gateway.GetAsync<GuardianDto>($"/api/guardians/{guardian.Id}")).Language);
        Assert.Equal(["Aruzhan: мектептен шықты, 14:05", "Aruzhan: вход в школу в 07:52"], await TextsAsync(gateway, guardian.Id));
    }

    private static void SetDefaultLanguage(WebApplicationBuilder builder, string? language)
    {
        if (language is not null)
        {
            builder.Configuration["Notifications:DefaultLanguage"] = language;
        }
    }

    private static async Task SendPassagesAsync(TestGateway gateway, TestDevice device, string cardId)
    {
        await device.SendEventAsync(1, PassageTypes.Entered, cardId, gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());
        gateway.Time.Advance(UntilDeparture);
        await device.SendEventAsync(2, PassageTypes.Exited, cardId, gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    private static Task<GuardianDto> CreateGuardianAsync(TestGateway gateway, string? language) =>
        gateway.PostAsync<GuardianDto>("/api/guardians", new { firstName = "Gulnara", lastName = "Parent", phone = "+77010000000", language });

    /// <summary>The event ack comes after the commit, so the outbox rows (newest first) are already there.</summary>
    private static async Task<string[]> TextsAsync(TestGateway gateway, long guardianId) =>
        [.. (await gateway.GetAsync<EventIngestionTests.NotificationDto[]>($"/api/notifications?guardianId={guardianId}")).Select(n => n.Text)];

    public sealed record GuardianDto(long Id, string FirstName, string LastName, string? Phone, long? TelegramChatId, string? Language);
}
