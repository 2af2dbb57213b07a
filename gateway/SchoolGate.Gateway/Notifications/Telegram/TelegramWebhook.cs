using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Diagnostics;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// <c>POST /telegram/{bot}/webhook</c>: where Telegram delivers updates in webhook mode. Outside
/// /api and anonymous (Telegram has no staff account); what proves the caller is Telegram is the
/// bot's WebhookSecret, which setWebhook registered and Telegram sends back in
/// X-Telegram-Bot-Api-Secret-Token. Mapped only in webhook mode with bots configured: otherwise
/// the path does not exist.
/// </summary>
public static class TelegramWebhook
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static string PathOf(string botName) => $"/telegram/{Uri.EscapeDataString(botName)}/webhook";

    public static IEndpointRouteBuilder MapTelegramWebhook(this IEndpointRouteBuilder app)
    {
        // The raw settings, not IOptions: reading those validates them, and a wrong setting must
        // stop the start (ValidateOnStart) with its message, not the building of the app.
        var options = app.ServiceProvider.GetRequiredService<IConfiguration>().GetSection(TelegramOptions.Section).Get<TelegramOptions>() ?? new();
        if (options.Updates == TelegramOptions.Webhook && options.Bots.Count > 0)
        {
            app.MapPost("/telegram/{bot}/webhook", ReceiveAsync).AllowAnonymous().ExcludeFromDescription();
        }

        return app;
    }

    private static async Task<Results<Ok, ProblemHttpResult>> ReceiveAsync(string bot, HttpRequest request, TelegramBots bots,
        TelegramUpdateHandler handler, GatewayMetrics metrics, CancellationToken ct)
    {
        if (bots.Find(bot) is not { } target)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No Telegram bot named '{bot}'.");
        }

        if (!SecretMatches(request.Headers[SecretHeader], target.Options.WebhookSecret))
        {
            metrics.TelegramWebhookRejected.Add();
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: $"Missing or wrong {SecretHeader}.");
        }

        if (await ReadUpdateAsync(request, ct) is not { } update)
        {
            metrics.TelegramMalformedUpdates.Add();
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "The body is not a Telegram update.");
        }

        // A failure answers 500: Telegram then sends the update again, later.
        return await handler.HandleAsync(target, update, ct)
            ? TypedResults.Ok()
            : TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "The update could not be handled");
    }

    private static async Task<Update?> ReadUpdateAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            var update = await JsonSerializer.DeserializeAsync<Update>(request.Body, JsonBotAPI.Options, ct);
            // Telegram numbers updates from 1; without an update_id it is not one.
            return update is { Id: > 0 } ? update : null;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    // Hashed first, so the comparison takes the same time whatever the lengths and contents.
    private static bool SecretMatches(string? sent, string? expected) =>
        sent is not null && expected is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sent)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
