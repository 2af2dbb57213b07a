using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SchoolGate.Simulator.Providers.Telegram;

/// <summary>
/// What the fake answers, in the Bot API's envelope: <c>{"ok":true,"result":...}</c> or
/// <c>{"ok":false,"error_code":N,"description":"...","parameters":{...}}</c> with the same HTTP status.
/// Written straight into the response with a Utf8JsonWriter: the load simulation sends a hundred
/// thousand messages through here.
/// </summary>
internal readonly struct BotApiReply
{
    private readonly Action<Utf8JsonWriter>? _result;

    private BotApiReply(int status, string? description, int? retryAfter, Action<Utf8JsonWriter>? result)
    {
        Status = status;
        Description = description;
        RetryAfter = retryAfter;
        _result = result;
    }

    public int Status { get; }

    public string? Description { get; }

    public int? RetryAfter { get; }

    public static BotApiReply Ok(Action<Utf8JsonWriter> result) => new(StatusCodes.Status200OK, null, null, result);

    public static BotApiReply True { get; } = Ok(w => w.WriteBooleanValue(true));

    public static BotApiReply Error(int status, string description) => new(status, description, null, null);

    public static BotApiReply BadRequest(string what) => Error(StatusCodes.Status400BadRequest, "Bad Request: " + what);

    public static BotApiReply Unauthorized { get; } = Error(StatusCodes.Status401Unauthorized, "Unauthorized");

    public static BotApiReply NotFound { get; } = Error(StatusCodes.Status404NotFound, "Not Found");

    public static BotApiReply TooManyRequests(int retryAfter) =>
        new(StatusCodes.Status429TooManyRequests, $"Too Many Requests: retry after {retryAfter}", retryAfter, null);

    public async Task WriteAsync(HttpResponse response)
    {
        response.StatusCode = Status;
        response.ContentType = "application/json";
        using (var json = new Utf8JsonWriter(response.BodyWriter))
        {
            json.WriteStartObject();
            if (_result is not null)
            {
                json.WriteBoolean("ok", true);
                json.WritePropertyName("result");
                _result(json);
            }
            else
            {
                json.WriteBoolean("ok", false);
                json.WriteNumber("error_code", Status);
                json.WriteString("description", Description);
                if (RetryAfter is { } seconds)
                {
                    json.WriteStartObject("parameters");
                    json.WriteNumber("retry_after", seconds);
                    json.WriteEndObject();
                }
            }

            json.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync();
    }
}
