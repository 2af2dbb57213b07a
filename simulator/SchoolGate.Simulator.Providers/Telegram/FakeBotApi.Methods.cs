using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace SchoolGate.Simulator.Providers.Telegram;

/// <summary>The Bot API methods the fake speaks.</summary>
public sealed partial class FakeBotApi
{
    private const int MaxTextLength = 4096;
    private const int MaxUpdatesPerCall = 100;

    private delegate Task<BotApiReply> Method(FakeBotApi api, FakeBot bot, BotApiParameters p, CancellationToken aborted);

    // Telegram's method names are case-insensitive.
    private static readonly Dictionary<string, Method> Methods = new(StringComparer.OrdinalIgnoreCase)
    {
        ["getMe"] = (api, bot, p, aborted) => Task.FromResult(BotApiReply.Ok(w => BotJson.WriteBotUser(w, bot))),
        ["sendMessage"] = (api, bot, p, aborted) => api.SendMessageAsync(bot, p, aborted),
        ["editMessageText"] = (api, bot, p, aborted) => Task.FromResult(api.EditMessageText(bot, p)),
        ["answerCallbackQuery"] = (api, bot, p, aborted) => Task.FromResult(api.AnswerCallbackQuery(bot, p)),
        ["getUpdates"] = (api, bot, p, aborted) => GetUpdatesAsync(bot, p, aborted),
        ["setWebhook"] = (api, bot, p, aborted) => Task.FromResult(SetWebhook(bot, p)),
        ["deleteWebhook"] = (api, bot, p, aborted) => Task.FromResult(DeleteWebhook(bot, p)),
        ["getWebhookInfo"] = (api, bot, p, aborted) => Task.FromResult(GetWebhookInfo(bot)),
    };

    private static readonly Dictionary<string, Method>.AlternateLookup<ReadOnlySpan<char>> MethodsBySpan =
        Methods.GetAlternateLookup<ReadOnlySpan<char>>();

    private async Task HandleAsync(HttpContext context)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            var reply = await AnswerAsync(context.Request, stop.Token);
            await reply.WriteAsync(context.Response);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client gave up or the fake is stopping: nobody to answer.
        }
    }

    private async Task<BotApiReply> AnswerAsync(HttpRequest request, CancellationToken aborted)
    {
        // /bot{token}/{method}
        var path = request.Path.Value.AsSpan();
        if (!path.StartsWith("/bot", StringComparison.Ordinal))
        {
            return BotApiReply.NotFound;
        }

        var rest = path[4..];
        var slash = rest.IndexOf('/');
        if (slash < 0)
        {
            return BotApiReply.NotFound;
        }

        if (!_bots.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(rest[..slash], out var bot))
        {
            return BotApiReply.Unauthorized;
        }

        var name = rest[(slash + 1)..];
        if (!MethodsBySpan.TryGetValue(name, out var method))
        {
            return BotApiReply.NotFound;
        }

        if (Volatile.Read(ref _anyCallFailures) != 0 && TakeCallFailure(name.ToString()) is { } failure)
        {
            Interlocked.Increment(ref _injectedFailures);
            return BotApiReply.Error(failure, ReasonPhrases.GetReasonPhrase(failure));
        }

        using var parameters = await BotApiParameters.ReadAsync(request, aborted);
        if (parameters is null)
        {
            return BotApiReply.BadRequest("can't parse request JSON object");
        }

        return await method(this, bot, parameters, aborted);
    }
}
