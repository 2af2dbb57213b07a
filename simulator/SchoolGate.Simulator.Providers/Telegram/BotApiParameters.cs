using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SchoolGate.Simulator.Providers.Telegram;

/// <summary>
/// A Bot API call's parameters, wherever they came: Telegram takes them as a JSON body, an
/// urlencoded or multipart form, or the query string, and so does the fake. In a form every value
/// is a string (reply_markup is JSON text); in JSON numbers, booleans and objects are typed.
/// </summary>
internal sealed class BotApiParameters : IDisposable
{
    private readonly JsonDocument? _json;
    private readonly IFormCollection? _form;
    private readonly IQueryCollection _query;

    private BotApiParameters(JsonDocument? json, IFormCollection? form, IQueryCollection query)
    {
        _json = json;
        _form = form;
        _query = query;
    }

    /// <summary>Reads the parameters; null if the body is not what its content type says.</summary>
    public static async Task<BotApiParameters?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (request.HasFormContentType)
            {
                return new BotApiParameters(null, await request.ReadFormAsync(cancellationToken), request.Query);
            }

            if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
            {
                var json = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
                if (json.RootElement.ValueKind != JsonValueKind.Object)
                {
                    json.Dispose();
                    return null;
                }

                return new BotApiParameters(json, null, request.Query);
            }

            // Parameterless calls (getMe, getWebhookInfo) come without a body.
            return new BotApiParameters(null, null, request.Query);
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or IOException)
        {
            return null;
        }
    }

    public string? String(string name)
    {
        if (_json is not null && _json.RootElement.TryGetProperty(name, out var value))
        {
            return value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Null => null,
                _ => value.GetRawText(),
            };
        }

        if (_form is not null && _form.TryGetValue(name, out var formValue))
        {
            return formValue.ToString();
        }

        return _query.TryGetValue(name, out var queryValue) ? queryValue.ToString() : null;
    }

    /// <summary>A number; null if absent; <paramref name="valid"/> false if present but not a whole number.</summary>
    public long? Long(string name, out bool valid)
    {
        valid = true;
        if (_json is not null && _json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number)
        {
            valid = value.TryGetInt64(out var number);
            return valid ? number : null;
        }

        var text = String(name);
        if (text is null)
        {
            return null;
        }

        valid = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed);
        return valid ? parsed : null;
    }

    public bool Bool(string name)
    {
        if (_json is not null && _json.RootElement.TryGetProperty(name, out var value))
        {
            return value.ValueKind == JsonValueKind.True;
        }

        return String(name) is { } text && (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1");
    }

    /// <summary>An object parameter as JSON text (reply_markup): typed in a JSON body, a string in a form.</summary>
    public string? Json(string name)
    {
        if (_json is not null && _json.RootElement.TryGetProperty(name, out var value))
        {
            return value.ValueKind switch
            {
                JsonValueKind.Object or JsonValueKind.Array => value.GetRawText(),
                JsonValueKind.String => value.GetString(),
                _ => null,
            };
        }

        return String(name);
    }

    public void Dispose() => _json?.Dispose();
}
