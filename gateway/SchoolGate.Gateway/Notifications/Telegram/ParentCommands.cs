using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Diagnostics;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// What a parent writes to the bot. Unlinked chats can only link (<c>/start CODE</c>) and are
/// told how; linked chats get their commands in the guardian's language. Anything else (unknown
/// commands, stray text, stickers) gets a short help and is counted: the bot is never silent.
/// </summary>
public sealed class ParentCommands(GuardianChats chats, GuardianLinking linking, TodayTimeline today, BotReplies replies,
    GatewayMetrics metrics, IOptions<NotificationOptions> notifications)
{
    public async Task HandleAsync(TelegramBot bot, Message message, CancellationToken ct)
    {
        var chatId = message.Chat.Id;
        var userTexts = BotTexts.For(BotTexts.LanguageOfTelegramUser(message.From?.LanguageCode));
        if (message.Chat.Type != ChatType.Private)
        {
            // Least data: a group would show every member the children's comings and goings.
            metrics.TelegramUnknownInput.Add();
            await replies.SendAsync(bot, chatId, userTexts.PrivateChatsOnly, null, ct);
            return;
        }

        var (command, argument) = Parse(message.Text, bot.Username);
        if (command == "start" && argument.Length > 0)
        {
            await LinkAsync(bot, chatId, argument, userTexts, ct);
            return;
        }

        var guardian = await chats.FindAsync(bot, chatId, ct);
        if (guardian is null && command is null && LinkCodes.Normalize(argument) is not null)
        {
            // The sheet says "send the code": a code on its own counts as /start CODE.
            await LinkAsync(bot, chatId, argument, userTexts, ct);
            return;
        }

        if (guardian is null)
        {
            if (command is not ("start" or "help"))
            {
                metrics.TelegramUnknownInput.Add();
            }

            await replies.SendAsync(bot, chatId, userTexts.SendYourCode, null, ct);
            return;
        }

        var texts = BotTexts.For(guardian, notifications.Value.DefaultLanguage);
        switch (command)
        {
            case "start" or "help":
                await replies.SendAsync(bot, chatId, texts.Help, null, ct);
                break;
            case "today":
                var children = await chats.ChildrenAsync(guardian.Id, ct);
                await replies.SendAsync(bot, chatId, await today.RenderAsync(children, texts, ct), null, ct);
                break;
            case "settings":
                await replies.SendAsync(bot, chatId, texts.SettingsOf(guardian), ParentKeyboards.Settings(texts, guardian), ct);
                break;
            case "language":
                await replies.SendAsync(bot, chatId, texts.LanguagePrompt, ParentKeyboards.Languages(guardian.Language ?? notifications.Value.DefaultLanguage), ct);
                break;
            case "unlink":
                await replies.SendAsync(bot, chatId, texts.UnlinkConfirm, ParentKeyboards.Unlink(texts), ct);
                break;
            default:
                metrics.TelegramUnknownInput.Add();
                await replies.SendAsync(bot, chatId, texts.NotUnderstood + "\n\n" + texts.Help, null, ct);
                break;
        }
    }

    private async Task LinkAsync(TelegramBot bot, long chatId, string code, BotTexts userTexts, CancellationToken ct)
    {
        var result = await linking.LinkAsync(bot, chatId, code, ct);
        if (result is { Outcome: LinkOutcome.Linked, Guardian: { } guardian })
        {
            var texts = BotTexts.For(guardian, notifications.Value.DefaultLanguage);
            var children = await chats.ChildrenAsync(guardian.Id, ct);
            var welcome = children.Count == 0
                ? texts.Linked
                : texts.Linked + "\n" + BotTexts.Fill(texts.ChildrenLine, string.Join(", ", children.Select(c => c.FirstName)));
            await replies.SendAsync(bot, chatId, welcome + "\n\n" + texts.Help, null, ct);
            return;
        }

        var refusal = result.Outcome switch
        {
            LinkOutcome.Expired => userTexts.CodeExpired,
            LinkOutcome.Used => userTexts.CodeUsed,
            LinkOutcome.ForOtherBot => userTexts.CodeForOtherBot,
            LinkOutcome.ChatTaken => userTexts.ChatTaken,
            LinkOutcome.Throttled => BotTexts.Fill(userTexts.CodeThrottled, result.RetryInMinutes),
            _ => userTexts.CodeWrong,
        };
        await replies.SendAsync(bot, chatId, refusal, null, ct);
    }

    /// <summary>"/today", "/start CODE", "/start@SchoolBot CODE" -> (command, argument); plain text -> (null, text).</summary>
    public static (string? Command, string Argument) Parse(string? text, string botUsername)
    {
        var trimmed = text?.Trim() ?? "";
        if (!trimmed.StartsWith('/'))
        {
            return (null, trimmed);
        }

        var space = trimmed.IndexOfAny([' ', '\n']);
        var head = space < 0 ? trimmed[1..] : trimmed[1..space];
        var argument = space < 0 ? "" : trimmed[(space + 1)..].Trim();
        var at = head.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            // A command meant for another bot in the same group is not ours to answer.
            if (!head[(at + 1)..].Equals(botUsername, StringComparison.OrdinalIgnoreCase))
            {
                return (null, trimmed);
            }

            head = head[..at];
        }

        return (head.ToLowerInvariant(), argument);
    }
}
