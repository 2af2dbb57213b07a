using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SchoolGate.Simulator.Providers.Telegram;

/// <summary>
/// A local stand-in for Telegram's Bot API (https://core.telegram.org/bots/api), good enough for
/// the real Telegram.Bot client: <c>POST /bot{token}/{method}</c> for getMe, sendMessage,
/// editMessageText, answerCallbackQuery, getUpdates, setWebhook, deleteWebhook and getWebhookInfo,
/// with Telegram's errors (401 unknown token, 404 unknown method, 400, 403 blocked, 409, 429).
/// <para>
/// Limits run on the injected <see cref="TimeProvider"/>, so a virtual-time load simulation can
/// drive them: a token bucket per bot (<see cref="FakeBotApiOptions.MessagesPerSecond"/>; a
/// separate one for allow_paid_broadcast) and one per chat
/// (<see cref="FakeBotApiOptions.MessagesPerChatPerSecond"/>); see <see cref="SendBucket"/>. Only
/// sendMessage counts against them; edits and callback answers do not. A send is checked against
/// its chat's bucket, then its bot's, and takes from both only if both allow it.
/// </para>
/// <para>
/// Waits (long polls, webhook retries, <see cref="DelaySends"/>) are real time: they are about
/// sockets and timeouts, which no virtual clock drives.
/// </para>
/// </summary>
public sealed partial class FakeBotApi : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly FakeBotApiOptions _options;
    private readonly ConcurrentDictionary<string, FakeBot> _bots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _openCallbacks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (int Left, int Status)> _callFailures = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SentSlot> _sent = [];
    private readonly Lock _sentGate = new();
    private readonly ConcurrentQueue<CallbackAnswer> _callbackAnswers = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly HttpClient _webhookClient;
    private WebApplication? _app;
    private int _sentCount;
    private int _paidCount;
    private int _editCount;
    private int _tooManyRequests;
    private int _forbidden;
    private int _injectedFailures;
    private int _failuresLeft;
    private int _anyCallFailures;
    private int _failureStatus = StatusCodes.Status500InternalServerError;
    private long _sendDelayTicks;
    private bool _acceptBeforeDelay = true;
    private int _webhookDeliveries;
    private int _webhookFailedAttempts;
    private int _webhookDropped;

    public FakeBotApi(TimeProvider? timeProvider = null, FakeBotApiOptions? options = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _options = options ?? new FakeBotApiOptions();
        _webhookClient = new HttpClient { Timeout = _options.WebhookTimeout };
    }

    /// <summary>Builds one, starts it and adds the bots given as (token, username).</summary>
    public static async Task<FakeBotApi> StartNewAsync(TimeProvider? timeProvider, FakeBotApiOptions? options, params (string Token, string Username)[] bots)
    {
        var api = new FakeBotApi(timeProvider, options);
        foreach (var (token, username) in bots)
        {
            api.AddBot(token, username);
        }

        await api.StartAsync();
        return api;
    }

    /// <summary>The port it listens on, once started.</summary>
    public int Port { get; private set; }

    /// <summary>For <c>new TelegramBotClientOptions(token, baseUrl: api.BaseUrl)</c>.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public FakeBotApiOptions Options => _options;

    /// <summary>Messages accepted so far, every bot and chat.</summary>
    public int SentCount => Volatile.Read(ref _sentCount);

    /// <summary>Of <see cref="SentCount"/>, those sent with allow_paid_broadcast.</summary>
    public int PaidSentCount => Volatile.Read(ref _paidCount);

    public int EditCount => Volatile.Read(ref _editCount);

    /// <summary>Sends refused with 429 by a limit.</summary>
    public int TooManyRequestsCount => Volatile.Read(ref _tooManyRequests);

    /// <summary>Sends refused with 403 because the user blocked the bot.</summary>
    public int ForbiddenCount => Volatile.Read(ref _forbidden);

    /// <summary>Calls failed on purpose by <see cref="FailNextSends"/> and <see cref="FailNextCalls"/>.</summary>
    public int InjectedFailureCount => Volatile.Read(ref _injectedFailures);

    /// <summary>Updates a webhook took (answered 2xx).</summary>
    public int WebhookDeliveries => Volatile.Read(ref _webhookDeliveries);

    /// <summary>Webhook POSTs that failed (not 2xx, no answer), each retry counted.</summary>
    public int WebhookFailedAttempts => Volatile.Read(ref _webhookFailedAttempts);

    /// <summary>Updates given up after <see cref="FakeBotApiOptions.WebhookAttempts"/> failed POSTs.</summary>
    public int WebhookDropped => Volatile.Read(ref _webhookDropped);

    /// <summary>Every message accepted, in the order accepted, as it stands now (edits included).</summary>
    public IReadOnlyList<BotMessage> Sent
    {
        get
        {
            lock (_sentGate)
            {
                return [.. _sent.Select(s => s.Current)];
            }
        }
    }

    /// <summary>Every answerCallbackQuery, in order.</summary>
    public IReadOnlyList<CallbackAnswer> CallbackAnswers => [.. _callbackAnswers];

    /// <summary>Registers a bot; calls with any other token answer 401.</summary>
    /// <param name="token">"123456:ABC..." as @BotFather issues them: the digits are the bot's user id.</param>
    /// <param name="username">Its @username without '@'.</param>
    public void AddBot(string token, string username)
    {
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || colon == token.Length - 1 || !long.TryParse(token.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new ArgumentException("A bot token looks like 123456:ABC-DEF...", nameof(token));
        }

        if (!_bots.TryAdd(token, new FakeBot(token, id, username, _options)))
        {
            throw new ArgumentException($"Bot {username} is already there", nameof(token));
        }
    }

    /// <summary>The messages any bot sent into <paramref name="chatId"/>, oldest first.</summary>
    public IReadOnlyList<BotMessage> MessagesTo(long chatId) =>
        [.. _bots.Values.SelectMany(b => b.FindChat(chatId)?.Messages() ?? []).OrderBy(m => m.SentAt).ThenBy(m => m.MessageId)];

    /// <summary>The messages one bot sent into <paramref name="chatId"/>, oldest first.</summary>
    public IReadOnlyList<BotMessage> MessagesTo(string token, long chatId) => Bot(token).FindChat(chatId)?.Messages() ?? [];

    /// <summary>The user blocks every bot added so far: sends to the chat answer 403 until they write again.</summary>
    public void BlockChat(long chatId)
    {
        foreach (var bot in _bots.Values)
        {
            bot.Chat(chatId).Blocked = true;
        }
    }

    /// <summary>The user blocks one bot.</summary>
    public void BlockChat(string token, long chatId) => Bot(token).Chat(chatId).Blocked = true;

    public void UnblockChat(long chatId)
    {
        foreach (var bot in _bots.Values)
        {
            if (bot.FindChat(chatId) is { } chat)
            {
                chat.Blocked = false;
            }
        }
    }

    /// <summary>The next <paramref name="count"/> sendMessage calls fail with <paramref name="statusCode"/> and send nothing.</summary>
    public void FailNextSends(int count, int statusCode = StatusCodes.Status500InternalServerError)
    {
        Volatile.Write(ref _failureStatus, statusCode);
        Volatile.Write(ref _failuresLeft, count);
    }

    /// <summary>
    /// The next <paramref name="count"/> calls of <paramref name="method"/> (any method, e.g.
    /// "getUpdates" or "setWebhook") fail with <paramref name="statusCode"/> and do nothing.
    /// </summary>
    public void FailNextCalls(string method, int count, int statusCode = StatusCodes.Status500InternalServerError)
    {
        _callFailures[method] = (count, statusCode);
        Volatile.Write(ref _anyCallFailures, 1);
    }

    /// <summary>
    /// sendMessage answers only after <paramref name="delay"/> (zero: at once again). With
    /// <paramref name="acceptBeforeDelay"/> the message is delivered first and only the answer is
    /// late, as when Telegram took a message but the answer was lost: a sender that gives up and
    /// sends again makes a duplicate. Without it nothing is delivered until the delay is over.
    /// </summary>
    public void DelaySends(TimeSpan delay, bool acceptBeforeDelay = true)
    {
        Volatile.Write(ref _acceptBeforeDelay, acceptBeforeDelay);
        Interlocked.Exchange(ref _sendDelayTicks, delay.Ticks);
    }

    /// <summary>The webhook a bot set, if any.</summary>
    public string? WebhookUrl(string token) => Bot(token).Webhook?.Url.ToString();

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        // An empty builder: no appsettings.json or ASPNETCORE_ variables from whichever test
        // folder this runs in, no logging (nothing per request, it sends a hundred thousand).
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, _options.Port));
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
    }

    public async ValueTask DisposeAsync()
    {
        // Long polls end first: a stopping server waits for the requests still open.
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        _webhookClient.Dispose();
        _stopping.Dispose();
    }

    private FakeBot Bot(string token) =>
        _bots.TryGetValue(token, out var bot) ? bot : throw new ArgumentException("No bot has that token; AddBot it first", nameof(token));
}
