using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using SchoolGate.Gateway.Notifications.Telegram;
using SchoolGate.Simulator.Providers.Telegram;

namespace SchoolGate.Gateway.Tests.Telegram;

/// <summary>
/// A gateway with two parents' bots on a local Bot API (<see cref="FakeBotApi"/>, spoken to by
/// the gateway's real Telegram.Bot clients): "north" serves school <see cref="NorthSchoolId"/>,
/// "main" every other school. Updates come by polling or by webhook, as asked.
/// </summary>
internal sealed class TelegramTestBed : IAsyncDisposable
{
    public const string MainToken = "7000001:AAmain-bot-token-for-tests_0123456789";
    public const string NorthToken = "7000002:AAnorth-bot-token-for-tests_012345678";
    public const string MainBot = "SchoolGateMainBot";
    public const string NorthBot = "SchoolGateNorthBot";
    public const string MainSecret = "main-webhook-secret_0123456789abcdef";

    /// <summary>The second school created in a fresh store (ids start at 1 on SQLite and PostgreSQL alike).</summary>
    public const long NorthSchoolId = 2;

    private TelegramTestBed(FakeBotApi api, TestGateway gateway)
    {
        Api = api;
        Gateway = gateway;
    }

    public FakeBotApi Api { get; }

    public TestGateway Gateway { get; }

    /// <param name="prepare">Runs on the Bot API before the gateway starts talking to it (e.g. to make it fail).</param>
    public static async Task<TelegramTestBed> StartAsync(string updates = TelegramOptions.Polling, Action<WebApplicationBuilder>? configure = null,
        Action<FakeBotApi>? prepare = null)
    {
        // Replies to one parent come faster than Telegram's 1 per second per chat here: the tests
        // are about what the bot says, not about pacing (the fake's own tests cover the limits).
        var api = await FakeBotApi.StartNewAsync(TimeProvider.System, new FakeBotApiOptions { MessagesPerChatBurst = 1000 },
            (MainToken, MainBot), (NorthToken, NorthBot));
        prepare?.Invoke(api);
        TestGateway? gateway = null;
        try
        {
            gateway = await TestGateway.CreateAsync(configure: b =>
            {
                var c = b.Configuration;
                c["Telegram:Updates"] = updates;
                c["Telegram:ApiBaseUrl"] = api.BaseUrl;
                c["Telegram:PublicBaseUrl"] = gateway!.Http.BaseAddress!.ToString();
                c["Telegram:PollTimeoutSeconds"] = "5";
                c["Telegram:Bots:0:Name"] = "main";
                c["Telegram:Bots:0:Token"] = MainToken;
                c["Telegram:Bots:0:Username"] = MainBot;
                c["Telegram:Bots:0:WebhookSecret"] = MainSecret;
                c["Telegram:Bots:1:Name"] = "north";
                c["Telegram:Bots:1:Token"] = NorthToken;
                c["Telegram:Bots:1:Username"] = NorthBot;
                c["Telegram:Bots:1:WebhookSecret"] = "north-webhook-secret_0123456789abcdef";
                c["Telegram:Bots:1:SchoolIds:0"] = NorthSchoolId.ToString(System.Globalization.CultureInfo.InvariantCulture);
                configure?.Invoke(b);
            });
            await gateway.StartAppAsync();
            return new TelegramTestBed(api, gateway);
        }
        catch
        {
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }

            await api.DisposeAsync();
            throw;
        }
    }

    /// <summary>A school with a turnstile; its guardians' codes are for the bot that serves it.</summary>
    public async Task<SchoolDto> SeedSchoolAsync(string name)
    {
        var id = await Gateway.CreateSchoolAsync(name);
        var device = $"turnstile-{id}";
        return new SchoolDto(id, device, await Gateway.RegisterDeviceAsync(device, id));
    }

    /// <summary>A guardian registered by the school in <paramref name="language"/>, with the children named, each holding a card.</summary>
    public async Task<FamilyDto> SeedFamilyAsync(SchoolDto school, string language, string guardianFirstName, params string[] children)
    {
        var guardian = (await Gateway.PostAsync<TestGateway.IdDto>("/api/guardians",
            new { firstName = guardianFirstName, lastName = "Parent", language, schoolId = school.Id })).Id;
        var students = new List<long>();
        var cards = new List<string>();
        foreach (var child in children)
        {
            var student = await Gateway.CreateStudentAsync(school.Id, child, "Surname");
            await Gateway.LinkGuardianAsync(student, guardian);
            var card = $"card-{student}";
            await Gateway.AddCardAsync(card, student);
            students.Add(student);
            cards.Add(card);
        }

        return new FamilyDto(guardian, students, cards);
    }

    /// <summary>"School 7" (served by the main bot), one guardian of <paramref name="children"/>, and a fresh code for them.</summary>
    public async Task<(SchoolDto School, FamilyDto Family, LinkCodeDto Code)> SeedCodeAsync(string language, params string[] children)
    {
        var school = await SeedSchoolAsync("School 7");
        var family = await SeedFamilyAsync(school, language, "Gulnara", children);
        return (school, family, await IssueCodeAsync(family.GuardianId));
    }

    public async Task<LinkCodeDto> IssueCodeAsync(long guardianId, HttpClient? client = null)
    {
        var response = await (client ?? Gateway.Http).PostAsync($"/api/guardians/{guardianId}/telegram-link-code", null);
        Assert.True(response.IsSuccessStatusCode, $"issue code -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<LinkCodeDto>())!;
    }

    /// <summary>A parent in their private chat with a bot (chat id = their Telegram user id).</summary>
    public TelegramParent Parent(long chatId, string? languageCode = "ru", string token = MainToken) => new(Api, token, chatId, languageCode);

    public long? ChatOf(long guardianId) => Gateway.Store.Scalar<long?>("SELECT telegram_chat_id FROM guardians WHERE id = @guardianId", new { guardianId });

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Api.DisposeAsync();
    }

    public sealed record SchoolDto(long Id, string DeviceId, string DeviceSecret);

    public sealed record FamilyDto(long GuardianId, IReadOnlyList<long> StudentIds, IReadOnlyList<string> CardIds);

    public sealed record LinkCodeDto(long GuardianId, long SchoolId, string Code, string DeepLink, string Bot, DateTimeOffset ExpiresAt);
}
