using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace SchoolGate.Simulator.Providers.Sms;

/// <summary>The send.php and status.php side: what SMSC answers a client.</summary>
public sealed partial class FakeSmsc
{
    private async Task SendAsync(HttpContext context)
    {
        var fields = await FieldsAsync(context);
        if (fields is null)
        {
            return;
        }

        lock (_gate)
        {
            _requests.Add(fields);
        }

        var givenId = fields.TryGetValue("id", out var idText) && long.TryParse(idText, CultureInfo.InvariantCulture, out var id) ? id : (long?)null;
        if (Refusal(fields) is { } refusal)
        {
            await ErrorAsync(context, refusal.Code, refusal.Text, givenId);
            return;
        }

        var phone = Digits(fields["phones"]);
        var text = fields["mes"];
        int? error;
        long messageId;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            error = _refusedPhones.TryGetValue(phone, out var refused) ? refused
                : OutOfFunds ? ErrorNoFunds
                : Busy ? ErrorDuplicate
                : _messages.Any(m => m.Id == givenId && m.Phone == phone && m.Text == text && now - m.At < DuplicateWindow) ? ErrorDuplicate
                : null;
            messageId = givenId ?? ++_nextId;
            if (error is null)
            {
                _messages.Add(new FakeSmscMessage(messageId, phone, text, fields.GetValueOrDefault("sender"), Parts(text), now));
                _statuses[(messageId, phone)] = StatusPassedToOperator;
            }
        }

        if (error is { } code)
        {
            await ErrorAsync(context, code, Describe(code), givenId);
            return;
        }

        await context.Response.WriteAsJsonAsync(new Dictionary<string, object> { ["id"] = messageId, ["cnt"] = Parts(text) });
    }

    private async Task StatusAsync(HttpContext context)
    {
        var fields = await FieldsAsync(context);
        if (fields is null)
        {
            return;
        }

        if (!Authorized(fields))
        {
            await ErrorAsync(context, ErrorLogin, Describe(ErrorLogin), null);
            return;
        }

        if (!fields.TryGetValue("id", out var idText) || !long.TryParse(idText, CultureInfo.InvariantCulture, out var id) || !fields.TryGetValue("phone", out var phone))
        {
            await ErrorAsync(context, ErrorParameters, Describe(ErrorParameters), null);
            return;
        }

        int status;
        lock (_gate)
        {
            status = _statuses.TryGetValue((id, Digits(phone)), out var known) ? known : StatusNotFound;
        }

        await context.Response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["status"] = status,
            ["last_timestamp"] = _time.GetUtcNow().ToUnixTimeSeconds(),
            ["err"] = 0,
        });
    }

    /// <summary>The request's fields (query and form), or null when it was answered already (an HTTP failure, a hang).</summary>
    private async Task<Dictionary<string, string>?> FieldsAsync(HttpContext context)
    {
        HttpStatusCode? failure = null;
        lock (_gate)
        {
            if (_httpFailures.Count > 0)
            {
                failure = _httpFailures.Dequeue();
            }
        }

        if (failure is { } status)
        {
            context.Response.StatusCode = (int)status;
            await context.Response.WriteAsync("<html><body>Service Unavailable</body></html>");
            return null;
        }

        if (Hang)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            await Task.Delay(Timeout.Infinite, either.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return null;
        }

        var fields = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        if (context.Request.HasFormContentType)
        {
            foreach (var (key, value) in await context.Request.ReadFormAsync())
            {
                fields[key] = value.ToString();
            }
        }

        return fields;
    }

    private (int Code, string Text)? Refusal(Dictionary<string, string> fields)
    {
        if (!Authorized(fields))
        {
            return (ErrorLogin, Describe(ErrorLogin));
        }

        if (fields.GetValueOrDefault("fmt") != "3" || fields.GetValueOrDefault("charset") != "utf-8")
        {
            return (ErrorParameters, "parameters error (this stand-in answers fmt=3 and charset=utf-8 only)");
        }

        if (string.IsNullOrEmpty(fields.GetValueOrDefault("mes")) || !fields.TryGetValue("phones", out var phones))
        {
            return (ErrorParameters, Describe(ErrorParameters));
        }

        // SMSC corrects numbers given without '+'; with '+' they must already be international.
        var digits = Digits(phones);
        return digits.Length is < 11 or > 15 || !digits.All(char.IsAsciiDigit) || phones.Contains(',') || phones.Contains(';')
            ? (ErrorPhoneFormat, Describe(ErrorPhoneFormat))
            : null;
    }

    private bool Authorized(Dictionary<string, string> fields) =>
        fields.GetValueOrDefault("login") == _login && fields.GetValueOrDefault("psw") == _password;

    private static async Task ErrorAsync(HttpContext context, int code, string text, long? id)
    {
        // SMSC answers errors with HTTP 200 and the error in the body.
        var answer = new Dictionary<string, object> { ["error"] = text, ["error_code"] = code };
        if (id is { } given)
        {
            answer["id"] = given;
        }

        await context.Response.WriteAsJsonAsync(answer);
    }

    private static string Describe(int code) => code switch
    {
        ErrorParameters => "parameters error",
        ErrorLogin => "authorise error",
        ErrorNoFunds => "no money",
        ErrorPhoneFormat => "invalid number",
        ErrorUndeliverable => "message to the number cannot be delivered",
        ErrorDuplicate => "duplicate request, wait a minute",
        _ => "error",
    };

    /// <summary>GSM text: 160 characters in one SMS, 153 per part; anything else (Cyrillic) is UCS-2: 70, and 67 per part.</summary>
    private static int Parts(string text)
    {
        var gsm = text.All(c => c < 128);
        var (single, part) = gsm ? (160, 153) : (70, 67);
        return text.Length <= single ? 1 : (text.Length + part - 1) / part;
    }

    private static string Digits(string phone) => phone.Trim().TrimStart('+');

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
