using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SchoolGate.Simulator.Providers.Sms;

/// <summary>A text the stand-in accepted, as SMSC would have sent it.</summary>
/// <param name="Phone">Digits only, as SMSC writes numbers in its reports.</param>
/// <param name="Parts">How many SMS the text takes (SMSC's "cnt").</param>
public sealed record FakeSmscMessage(long Id, string Phone, string Text, string? Sender, int Parts, DateTimeOffset At);

/// <summary>
/// A local stand-in for SMSC.kz's HTTP API on 127.0.0.1, speaking its documented protocol so the
/// gateway's real adapter runs against it: POST (or GET) /sys/send.php with login, psw, phones,
/// mes, id, sender, charset and fmt=3, answered {"id":N,"cnt":N} or {"error":"..","error_code":N};
/// /sys/status.php for one message; and delivery reports POSTed as a form (id, phone, status,
/// time, ts, err) to the handler address the account names (<see cref="CallbackUrl"/>), sent on
/// demand. Errors on demand: a wrong login (2), no funds (3), a refused phone (7 or 8), a repeat
/// of the same send within a minute (9), HTTP failures and a server that never answers.
/// Unlike SMSC it insists on charset=utf-8 (SMSC would read the text as windows-1251) and fmt=3,
/// so a client that forgets them fails here instead of garbling a parent's message.
/// </summary>
public sealed partial class FakeSmsc : IAsyncDisposable
{
    public const int ErrorParameters = 1;
    public const int ErrorLogin = 2;
    public const int ErrorNoFunds = 3;
    public const int ErrorPhoneFormat = 7;
    public const int ErrorUndeliverable = 8;
    public const int ErrorDuplicate = 9;

    public const int StatusNotFound = -3;
    public const int StatusPassedToOperator = 0;
    public const int StatusDelivered = 1;

    /// <summary>SMSC refuses the same send request again within a minute (error 9).</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(1);

    private readonly WebApplication _app;
    private readonly string _login;
    private readonly string _password;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<FakeSmscMessage> _messages = [];
    private readonly Dictionary<(long Id, string Phone), int> _statuses = [];
    private readonly List<IReadOnlyDictionary<string, string>> _requests = [];
    private readonly Dictionary<string, int> _refusedPhones = new(StringComparer.Ordinal);
    private readonly Queue<HttpStatusCode> _httpFailures = new();
    private readonly HttpClient _reports = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _nextId = 900_000;

    private FakeSmsc(WebApplication app, string login, string password, TimeProvider time)
    {
        _app = app;
        _login = login;
        _password = password;
        _time = time;
    }

    /// <summary>Starts on a free loopback port; <paramref name="time"/> is the clock of the one-minute duplicate window.</summary>
    public static async Task<FakeSmsc> StartAsync(string login, string password, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var smsc = new FakeSmsc(app, login, password, time ?? TimeProvider.System);
        app.Map("/sys/send.php", smsc.SendAsync);
        app.Map("/sys/status.php", smsc.StatusAsync);
        await app.StartAsync();
        smsc.BaseUrl = new Uri(app.Urls.Single().TrimEnd('/') + "/");
        return smsc;
    }

    /// <summary>What the gateway's Sms:BaseUrl is set to.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The account's handler address for delivery reports (in SMSC, set in the account settings).</summary>
    public string? CallbackUrl { get; set; }

    /// <summary>Every send is refused with error 3 while set.</summary>
    public bool OutOfFunds { get; set; }

    /// <summary>Every send is refused with error 9 while set, as SMSC does past 15 requests at once.</summary>
    public bool Busy { get; set; }

    /// <summary>Requests are held unanswered while set, as an overloaded server does; the client's timeout ends them.</summary>
    public bool Hang { get; set; }

    /// <summary>Accepted texts, oldest first.</summary>
    public IReadOnlyList<FakeSmscMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>The fields of every send.php request as received (the password included), oldest first.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Sends to this number (E.164 or digits) are refused with <paramref name="errorCode"/> (7 bad format, 8 undeliverable).</summary>
    public void RefusePhone(string phone, int errorCode)
    {
        lock (_gate)
        {
            _refusedPhones[Digits(phone)] = errorCode;
        }
    }

    /// <summary>The next <paramref name="count"/> requests get this HTTP status and no SMSC answer.</summary>
    public void FailNextRequests(HttpStatusCode status, int count = 1)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _httpFailures.Enqueue(status);
            }
        }
    }

    /// <summary>SMSC reports status 1 (delivered) for message <paramref name="id"/>; returns the handler's HTTP status.</summary>
    public Task<HttpStatusCode> ReportDeliveredAsync(long id) => ReportAsync(id, StatusDelivered);

    /// <summary>SMSC reports a failure status (3, 20, 22-25) with the operator's error code <paramref name="err"/>.</summary>
    public Task<HttpStatusCode> ReportFailedAsync(long id, int status, int err = 0) => ReportAsync(id, status, err);

    /// <summary>
    /// POSTs a delivery report for <paramref name="id"/> to <see cref="CallbackUrl"/> as SMSC does:
    /// a form with id, phone, status, time, ts and err. The phone is the message's, or empty for an
    /// id this stand-in never sent.
    /// </summary>
    public async Task<HttpStatusCode> ReportAsync(long id, int status, int err = 0)
    {
        var url = CallbackUrl ?? throw new InvalidOperationException("No CallbackUrl: the account has no handler address.");
        string phone;
        lock (_gate)
        {
            phone = _messages.LastOrDefault(m => m.Id == id)?.Phone ?? "";
            if (phone.Length > 0)
            {
                _statuses[(id, phone)] = status;
            }
        }

        var now = _time.GetUtcNow();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = Invariant(id),
            ["phone"] = phone,
            ["status"] = Invariant(status),
            ["time"] = now.ToOffset(TimeSpan.FromHours(5)).ToString("dd.MM.yyyy HH:mm:ss", CultureInfo.InvariantCulture),
            ["ts"] = Invariant(now.ToUnixTimeSeconds()),
            ["err"] = Invariant(err),
        });
        using var response = await _reports.PostAsync(url, form, _stopping.Token);
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _reports.Dispose();
        _stopping.Dispose();
    }
}
