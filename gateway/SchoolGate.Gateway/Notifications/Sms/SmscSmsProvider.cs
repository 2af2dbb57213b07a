using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SchoolGate.Gateway.Notifications.Sms;

/// <summary>
/// SMSC.kz's HTTP API: POST /sys/send.php with login, psw, phones, mes, id, sender,
/// charset=utf-8 and fmt=3, answered with JSON {"id":N,"cnt":N} or {"error":"..","error_code":N}.
/// A POST keeps the password out of URLs (and so out of proxy and server logs). The phone is
/// sent with its '+', which SMSC documents as turning off its automatic "correction" of numbers:
/// ours are already E.164. Our outbox id travels as SMSC's id, so its delivery reports name the row.
/// </summary>
public sealed class SmscSmsProvider : ISmsProvider, IDisposable
{
    /// <summary>SMSC's ids are 32-bit: 1 to 2147483647.</summary>
    public const long MaxId = int.MaxValue;

    /// <summary>"More than one identical send request within a minute, or more than 15 requests at once."</summary>
    private const int DuplicateRequest = 9;

    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    private readonly HttpClient _http;
    private readonly SmsOptions _options;
    private readonly ILogger<SmscSmsProvider> _logger;

    public SmscSmsProvider(IOptions<SmsOptions> options, ILogger<SmscSmsProvider> logger)
    {
        _options = options.Value;
        _logger = logger;
        // Pooled connections are renewed now and then, so a change of SMSC's address in DNS is followed.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(_options.BaseUrl.TrimEnd('/') + "/"),
            Timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds),
        };
    }

    public string Name => SmsOptions.Smsc;

    public async Task<string> SendAsync(SmsRequest request, CancellationToken cancellationToken)
    {
        if (request.Id is < 1 or > MaxId)
        {
            throw new DeliveryFailedException(DeliveryFailure.Permanent, $"outbox id {request.Id} is outside SMSC's message ids (1-{MaxId})");
        }

        var id = request.Id.ToString(CultureInfo.InvariantCulture);
        var form = Credentials();
        form["phones"] = request.Phone;
        form["mes"] = request.Text;
        form["id"] = id;
        if (_options.Sender.Length > 0)
        {
            form["sender"] = _options.Sender;
        }

        using var answer = await PostAsync("sys/send.php", form, cancellationToken);
        var root = answer.RootElement;
        if (TryGetError(root, out var code, out var text))
        {
            return code == DuplicateRequest
                ? await ConfirmRepeatAsync(request, id, cancellationToken)
                : throw Refused(code, text);
        }

        if (!TryGetInteger(root, "id", out var acceptedId) || acceptedId < 1 || !TryGetInteger(root, "cnt", out var parts) || parts < 1)
        {
            throw Malformed("send.php", "neither an error nor {\"id\":N,\"cnt\":N}");
        }

        return acceptedId.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Error 9 means either "the same send twice within a minute" or "more than 15 requests at
    /// once" (SMSC uses one code for both). A repeat of ours was already taken, which status.php
    /// confirms by finding the message; otherwise it is the concurrency limit, and the message
    /// waits out SMSC's one-minute window.
    /// </summary>
    private async Task<string> ConfirmRepeatAsync(SmsRequest request, string id, CancellationToken cancellationToken)
    {
        var form = Credentials();
        form["phone"] = request.Phone;
        form["id"] = id;
        using var answer = await PostAsync("sys/status.php", form, cancellationToken);
        var root = answer.RootElement;
        if (!TryGetError(root, out _, out _) && TryGetInteger(root, "status", out var status) && status != SmscStatus.NotFound)
        {
            _logger.LogInformation("SMS {Id}: SMSC already had it (a repeat within its one-minute window)", id);
            return id;
        }

        throw new DeliveryFailedException(DeliveryFailure.RateLimited,
            "SMSC error 9: too many requests at once (SMSC does not know this message yet)", TimeSpan.FromMinutes(1));
    }

    /// <summary>SMSC's send.php error codes 1-8, classified (9 is handled before this).</summary>
    private DeliveryFailedException Refused(int code, string text)
    {
        var (failure, meaning) = code switch
        {
            1 => (DeliveryFailure.Permanent, "SMSC refused the request's parameters"),
            // Every message fails until the login is fixed; kept queued so none is lost meanwhile.
            2 => (DeliveryFailure.Transient, "SMSC refused the login or password (Sms:Login, Sms:Password)"),
            3 => (DeliveryFailure.Transient, "no funds on the SMSC account"),
            4 => (DeliveryFailure.Transient, "SMSC blocked this address for a while after too many errors"),
            5 => (DeliveryFailure.Permanent, "SMSC refused the date format"),
            6 => (DeliveryFailure.Permanent, "SMSC prohibits the message (its text or sender name)"),
            7 => (DeliveryFailure.Permanent, "SMSC refused the phone number's format"),
            8 => (DeliveryFailure.Permanent, "SMSC cannot deliver to this number"),
            _ => (DeliveryFailure.Transient, "SMSC answered with an error code it does not document"),
        };
        if (code is 2 or 4)
        {
            _logger.LogError("SMSC error {Code}: {Meaning} ({Text})", code, meaning, text);
        }

        return new DeliveryFailedException(failure, $"SMSC error {code}: {meaning} ({text})");
    }

    private Dictionary<string, string> Credentials() => new(StringComparer.Ordinal)
    {
        ["login"] = _options.Login,
        ["psw"] = _options.Password,
        ["charset"] = "utf-8",
        ["fmt"] = "3",
    };

    /// <summary>One request; anything but a well-formed JSON object in a 2xx answer is a transient failure.</summary>
    private async Task<JsonDocument> PostAsync(string path, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        string body;
        try
        {
            using var content = new FormUrlEncodedContent(form);
            response = await _http.PostAsync(path, content, cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeliveryFailedException(DeliveryFailure.Transient, $"SMSC did not answer {path} within {_options.TimeoutSeconds} s", inner: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new DeliveryFailedException(DeliveryFailure.Transient, $"SMSC could not be reached: {ex.Message}", inner: ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new DeliveryFailedException(DeliveryFailure.Transient, $"SMSC answered {path} with HTTP {(int)response.StatusCode}");
            }
        }

        try
        {
            var document = JsonDocument.Parse(body, Strict);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
        }

        throw Malformed(path, "not a JSON object");
    }

    /// <summary>{"error":"..","error_code":N}: both fields, of those types, or it is not an error answer.</summary>
    private static bool TryGetError(JsonElement root, out int code, out string text)
    {
        code = 0;
        text = "";
        if (!root.TryGetProperty("error_code", out _))
        {
            return false;
        }

        if (!TryGetInteger(root, "error_code", out var value) || value is < int.MinValue or > int.MaxValue
            || !root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.String)
        {
            throw Malformed("an error answer", "error_code without a numeric code and an error text");
        }

        code = (int)value;
        text = error.GetString()!;
        return true;
    }

    private static bool TryGetInteger(JsonElement root, string name, out long value)
    {
        value = 0;
        return root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value);
    }

    // A garbled answer may hide an accepted message: Transient means sent again, which SMSC
    // recognises within a minute (error 9) and a parent hearing twice is better than never.
    private static DeliveryFailedException Malformed(string what, string why) =>
        new(DeliveryFailure.Transient, $"SMSC's answer to {what} was malformed: {why}");

    public void Dispose() => _http.Dispose();
}
