using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SchoolGate.Gateway.Notifications;
using SchoolGate.Simulator.Providers.Sms;
using SchoolGate.Simulator.Providers.Telegram;

namespace SchoolGate.Gateway.Tests.Delivery;

/// <summary>
/// A real gateway whose parent messages go through the real Telegram.Bot client to a local Bot
/// API (<see cref="FakeBotApi"/>, on the gateway's test clock), and optionally SMS to a local SMSC.
/// </summary>
public sealed class TelegramDeliveryGateway : IAsyncDisposable
{
    public const string Token = "1000001:school-bot-token-aaaaaaaaaaaaaaaa";
    public const string BotName = "taraz";

    private TelegramDeliveryGateway(TestGateway gateway, FakeBotApi telegram, FakeSmsc? smsc)
    {
        Gateway = gateway;
        Telegram = telegram;
        Smsc = smsc;
    }

    public TestGateway Gateway { get; }

    public FakeBotApi Telegram { get; }

    public FakeSmsc? Smsc { get; }

    /// <param name="settings">More gateway settings, e.g. the bot's rate.</param>
    public static async Task<TelegramDeliveryGateway> StartAsync(bool withSms = false, FakeBotApiOptions? telegramOptions = null,
        params string[] settings)
    {
        var gateway = await TestGateway.CreateAsync();
        var telegram = await FakeBotApi.StartNewAsync(gateway.Time, telegramOptions, (Token, "taraz_school_bot"));
        var smsc = withSms ? await FakeSmsc.StartAsync("region", "smsc-password-1", gateway.Time) : null;
        try
        {
            gateway.Settings.AddRange([
                $"--Telegram:ApiBaseUrl={telegram.BaseUrl}", $"--Telegram:Bots:0:Name={BotName}", $"--Telegram:Bots:0:Token={Token}",
                "--Telegram:Bots:0:Username=taraz_school_bot", .. settings,
            ]);
            if (smsc is not null)
            {
                gateway.Settings.AddRange([
                    "--Sms:Provider=smsc", $"--Sms:BaseUrl={smsc.BaseUrl}", "--Sms:Login=region", "--Sms:Password=smsc-password-1",
                    "--Sms:CallbackSecret=test-callback-secret-0123456789",
                ]);
            }

            await gateway.StartAppAsync();
            return new TelegramDeliveryGateway(gateway, telegram, smsc);
        }
        catch
        {
            await gateway.DisposeAsync();
            await telegram.DisposeAsync();
            if (smsc is not null)
            {
                await smsc.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>A guardian of <paramref name="studentId"/> whose chat <paramref name="chatId"/> is linked to the bot.</summary>
    public async Task<long> LinkedGuardianAsync(long studentId, long chatId, string firstName = "Gulnara", string language = "ru")
    {
        var guardian = await Gateway.PostAsync<TestGateway.IdDto>("/api/guardians",
            new { firstName, lastName = "Parent", phone = $"+7701{chatId % 10_000_000:D7}", language });
        await Gateway.LinkGuardianAsync(studentId, guardian.Id);
        using var connection = Gateway.Store.Open();
        await connection.ExecuteAsync("UPDATE guardians SET telegram_chat_id = @chatId, telegram_bot = @bot WHERE id = @id",
            new { chatId, bot = BotName, id = guardian.Id });
        return guardian.Id;
    }

    /// <summary>Wakes the engine and moves the test clock a step until <paramref name="condition"/> holds.</summary>
    public async Task UntilAsync(Func<bool> condition, string what, TimeSpan? clockStep = null)
    {
        var signal = Gateway.Services.GetRequiredService<OutboxSignal>();
        await Eventually.TrueAsync(() =>
        {
            if (clockStep is { } step)
            {
                Gateway.Time.Advance(step);
            }

            signal.Wake();
            return condition();
        }, what);
    }

    public Task<EventIngestionTests.NotificationDto[]> NotificationsAsync() =>
        Gateway.GetAsync<EventIngestionTests.NotificationDto[]>("/api/notifications?limit=500");

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Telegram.DisposeAsync();
        if (Smsc is not null)
        {
            await Smsc.DisposeAsync();
        }
    }
}
