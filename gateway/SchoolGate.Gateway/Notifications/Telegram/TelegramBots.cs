using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>One configured bot and its client.</summary>
public sealed class TelegramBot(TelegramBotOptions options, ITelegramBotClient client)
{
    public string Name => options.Name;

    public string Username => options.Username;

    public TelegramBotOptions Options => options;

    public ITelegramBotClient Client => client;

    public string DeepLink(string code) => $"https://t.me/{options.Username}?start={code}";
}

/// <summary>
/// The configured bots, each with a Telegram.Bot client whose built-in 429 retry is off
/// (RetryThreshold 0): a retry inside the client would hold the sender for retry_after seconds,
/// and an alarm behind it with it. The delivery engine waits out retry_after itself.
/// </summary>
public sealed class TelegramBots : IDisposable
{
    private readonly HttpClient _http;
    private readonly Dictionary<string, TelegramBot> _byName;

    public TelegramBots(IOptions<TelegramOptions> options)
    {
        var o = options.Value;
        // One HttpClient for every bot: the requests go to the same server. Its timeout bounds a
        // send, so a hung request frees its slot; long polling asks for less than this.
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        _byName = o.Bots.ToDictionary(b => b.Name, b => new TelegramBot(b, new TelegramBotClient(
            new TelegramBotClientOptions(b.Token, o.ApiBaseUrl) { RetryThreshold = 0, RetryCount = 0 }, _http)), StringComparer.Ordinal);
        All = [.. _byName.Values];
    }

    public IReadOnlyList<TelegramBot> All { get; }

    public bool Enabled => All.Count > 0;

    public TelegramBot? Find(string? name) => name is not null && _byName.TryGetValue(name, out var bot) ? bot : null;

    /// <summary>The bot a school's guardians link to: the one listing the school, else the one listing none.</summary>
    public TelegramBot? ForSchool(long? schoolId) =>
        All.FirstOrDefault(b => schoolId is not null && b.Options.SchoolIds.Contains(schoolId.Value))
        ?? All.FirstOrDefault(b => b.Options.SchoolIds.Count == 0);

    public void Dispose() => _http.Dispose();
}
