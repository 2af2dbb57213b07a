using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Diagnostics;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// A parent pressed a button of /settings, /language or /unlink: the choice is stored, the press
/// answered (answerCallbackQuery, so the button stops spinning) and the keyboard message edited
/// to show what is now chosen. A button of an unlinked chat or with data the bot never sends is
/// answered too, and counted.
/// </summary>
public sealed class ParentButtons(GuardianChats chats, BotReplies replies, GatewayMetrics metrics, IOptions<NotificationOptions> notifications)
{
    public async Task HandleAsync(TelegramBot bot, CallbackQuery press, CancellationToken ct)
    {
        var chatId = press.Message?.Chat.Id ?? press.From.Id;
        var guardian = await chats.FindAsync(bot, chatId, ct);
        if (guardian is null)
        {
            metrics.TelegramUnknownInput.Add();
            var userTexts = BotTexts.For(BotTexts.LanguageOfTelegramUser(press.From.LanguageCode));
            await replies.AnswerAsync(bot, press.Id, userTexts.NotLinked, ct);
            return;
        }

        var data = press.Data ?? "";
        var texts = BotTexts.For(guardian, notifications.Value.DefaultLanguage);
        var handled = data switch
        {
            _ when data.StartsWith(ParentKeyboards.ModePrefix, StringComparison.Ordinal) => await ModeAsync(guardian, data[ParentKeyboards.ModePrefix.Length..], ct),
            _ when data.StartsWith(ParentKeyboards.QuietPrefix, StringComparison.Ordinal) => await QuietAsync(guardian, data[ParentKeyboards.QuietPrefix.Length..], ct),
            _ when data.StartsWith(ParentKeyboards.LanguagePrefix, StringComparison.Ordinal) => await LanguageAsync(guardian, data[ParentKeyboards.LanguagePrefix.Length..], ct),
            ParentKeyboards.UnlinkYes => await UnlinkAsync(guardian, chatId, texts, ct),
            ParentKeyboards.UnlinkNo => new Shown(texts.UnlinkCancelled, null, null),
            _ => null,
        };
        if (handled is null)
        {
            metrics.TelegramUnknownInput.Add();
            await replies.AnswerAsync(bot, press.Id, texts.ButtonOutdated, ct);
            return;
        }

        await replies.AnswerAsync(bot, press.Id, handled.Answer, ct);
        if (press.Message is { } message)
        {
            await replies.EditAsync(bot, chatId, message.MessageId, handled.Text, handled.Keyboard, ct);
        }
    }

    private async Task<Shown?> ModeAsync(LinkedGuardian guardian, string mode, CancellationToken ct)
    {
        if (mode is not (LinkedGuardian.EachEvent or LinkedGuardian.Digest))
        {
            return null;
        }

        return SettingsShown(await chats.SetNotifyModeAsync(guardian, mode, ct));
    }

    private async Task<Shown?> QuietAsync(LinkedGuardian guardian, string key, CancellationToken ct)
    {
        if (!ParentKeyboards.TryQuietPreset(key, out var preset))
        {
            return null;
        }

        return SettingsShown(await chats.SetQuietHoursAsync(guardian, preset?.From, preset?.To, ct));
    }

    private async Task<Shown?> LanguageAsync(LinkedGuardian guardian, string language, CancellationToken ct)
    {
        if (!MessageTemplates.IsSupported(language))
        {
            return null;
        }

        await chats.SetLanguageAsync(guardian, language, ct);
        // From here on in the new language, this answer included.
        var texts = BotTexts.For(language);
        return new Shown(texts.LanguageChosen, null, texts.Saved);
    }

    private async Task<Shown> UnlinkAsync(LinkedGuardian guardian, long chatId, BotTexts texts, CancellationToken ct)
    {
        if (await chats.UnlinkAsync(guardian, chatId, ct))
        {
            metrics.TelegramChatsUnlinked.Add();
        }

        return new Shown(texts.Unlinked, null, null);
    }

    private Shown SettingsShown(LinkedGuardian guardian)
    {
        var texts = BotTexts.For(guardian, notifications.Value.DefaultLanguage);
        return new Shown(texts.SettingsOf(guardian), ParentKeyboards.Settings(texts, guardian), texts.Saved);
    }

    /// <summary>What the keyboard message shows after the press, and the toast that answers it (none: the edit says it all).</summary>
    private sealed record Shown(string Text, InlineKeyboardMarkup? Keyboard, string? Answer);
}
