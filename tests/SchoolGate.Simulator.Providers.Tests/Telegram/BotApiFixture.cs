using Microsoft.Extensions.Time.Testing;
using SchoolGate.Simulator.Providers.Telegram;
using Telegram.Bot;

namespace SchoolGate.Simulator.Providers.Tests.Telegram;

/// <summary>A started <see cref="FakeBotApi"/> with one bot, its clock, and the real Telegram.Bot client for it.</summary>
internal sealed class BotApiFixture : IAsyncDisposable
{
    public const string Token = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";
    public const string Username = "SchoolGateTestBot";

    /// <summary>The user the tests write to: in a private chat, the chat id is the user's id.</summary>
    public const long UserChat = 7001;

    private BotApiFixture(FakeBotApi api, FakeTimeProvider time)
    {
        Api = api;
        Time = time;
        Client = ClientFor(Token);
    }

    public FakeBotApi Api { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>Telegram's built-in 429 retry off, as the gateway has it: a 429 surfaces.</summary>
    public TelegramBotClient Client { get; }

    public static async Task<BotApiFixture> StartAsync(Action<FakeBotApiOptions>? configure = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 9, 1, 2, 30, 0, TimeSpan.Zero));
        var options = new FakeBotApiOptions();
        configure?.Invoke(options);
        var api = await FakeBotApi.StartNewAsync(time, options, (Token, Username));
        return new BotApiFixture(api, time);
    }

    public TelegramBotClient ClientFor(string token, HttpClient? http = null) =>
        new(new TelegramBotClientOptions(token, baseUrl: Api.BaseUrl) { RetryThreshold = 0 }, http);

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}
