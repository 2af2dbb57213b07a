using System.Net.Http.Json;
using SchoolGate.Simulator.Devices.Seeding;
using SchoolGate.Simulator.Providers.Telegram;

namespace SchoolGate.Simulator.Demo;

/// <summary>
/// The demo's Telegram: a local Bot API (<see cref="FakeBotApi"/>) the embedded gateway's bot talks
/// to, with the real Telegram.Bot client on the gateway's side. Each seeded guardian links a chat
/// the way a parent does: the school issues a one-time code, the parent sends <c>/start code</c> to
/// the bot. During the morning every message the bot sends into a parent's chat is printed.
/// </summary>
public sealed class DemoTelegram : IAsyncDisposable
{
    public const string Token = "7000001:schoolgate-demo-bot-token-aaaaaaaa";
    public const string Username = "schoolgate_demo_bot";

    private readonly FakeBotApi _api;
    private readonly Dictionary<long, SeededStudent> _chats = [];
    // Messages before _linked (the bot's answers to /start) are not the morning's.
    private int _linked;
    private int _printed;

    private DemoTelegram(FakeBotApi api) => _api = api;

    public static async Task<DemoTelegram> StartAsync() =>
        new(await FakeBotApi.StartNewAsync(TimeProvider.System, null, (Token, Username)));

    /// <summary>Settings that point the embedded gateway's one bot at the local Bot API (updates by long polling).</summary>
    public string[] GatewayArgs =>
    [
        $"--Telegram:ApiBaseUrl={_api.BaseUrl}", "--Telegram:Updates=polling", "--Telegram:Bots:0:Name=demo",
        $"--Telegram:Bots:0:Token={Token}", $"--Telegram:Bots:0:Username={Username}",
    ];

    /// <summary>Each guardian gets a code from the school and sends /start with it; returns once every chat is linked.</summary>
    public async Task LinkAsync(HttpClient api, SeededSchool school, TextWriter output, CancellationToken ct)
    {
        foreach (var student in school.Students.DistinctBy(s => s.GuardianId))
        {
            using var response = await api.PostAsync($"/api/guardians/{student.GuardianId}/telegram-link-code", null, ct);
            response.EnsureSuccessStatusCode();
            var code = (await response.Content.ReadFromJsonAsync<LinkCodeDto>(ct))!;
            var chat = 900_000 + student.GuardianId;
            _chats[chat] = student;
            var before = _api.MessagesTo(Token, chat).Count;
            await _api.UserSends(Token, chat, "/start " + code.Code, "Parent", student.GuardianLanguage, ct);
            await WaitAsync(() => _api.MessagesTo(Token, chat).Count > before, ct, TimeSpan.FromSeconds(15), throwOnTimeout: true);
        }

        _linked = _printed = _api.SentCount;
        output.WriteLine($"{_chats.Count} parents linked a Telegram chat with the code the school gave them (/start <code> to @{Username}, a local Bot API).");
    }

    /// <summary>Prints each message the bot sends into a parent's chat, as it arrives, until cancelled (then what is left).</summary>
    public async Task PrintAsync(TapLog log, TimeZoneInfo zone, CancellationToken ct)
    {
        while (true)
        {
            var sent = _api.Sent;
            for (; _printed < sent.Count; _printed++)
            {
                var message = sent[_printed];
                if (_chats.TryGetValue(message.ChatId, out var student))
                {
                    var local = TimeZoneInfo.ConvertTime(message.SentAt, zone);
                    log.Line($"  {local:HH:mm:ss.fff}  Telegram chat of guardian #{student.GuardianId} ({student.GuardianLanguage ?? "ru"}): {message.Text.Replace("\n", " / ")}");
                }
            }

            if (ct.IsCancellationRequested)
            {
                return;
            }

            await Task.Delay(100, ct).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Waits (at most 20 s) until the parents' chats hold a line for each granted passage: the last
    /// ones wait out the engine's short hold for a brother's or sister's arrival, and a guardian's
    /// messages due together go as one, a line each.
    /// </summary>
    public Task WaitForMessagesAsync(int passages, CancellationToken ct) =>
        WaitAsync(() => _api.Sent.Skip(_linked).Where(m => _chats.ContainsKey(m.ChatId)).Sum(m => m.Text.Split('\n').Length) >= passages,
            ct, TimeSpan.FromSeconds(20), throwOnTimeout: false);

    private static async Task WaitAsync(Func<bool> condition, CancellationToken ct, TimeSpan limit, bool throwOnTimeout)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > limit)
            {
                if (throwOnTimeout)
                {
                    throw new TimeoutException("the gateway's bot did not answer /start");
                }

                return;
            }

            await Task.Delay(20, ct);
        }
    }

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    private sealed record LinkCodeDto(string Code, string DeepLink);
}
