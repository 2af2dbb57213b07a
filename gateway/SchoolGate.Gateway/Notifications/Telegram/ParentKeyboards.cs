using System.Globalization;
using Telegram.Bot.Types.ReplyMarkups;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// The inline keyboards of /settings, /language and /unlink, and what their buttons send back
/// (callback_data, at most 64 bytes). The current choice is ticked. Only these presets are
/// accepted back: a client can send any callback_data, so none is taken at its word.
/// </summary>
public static class ParentKeyboards
{
    public const string ModePrefix = "mode:";
    public const string QuietPrefix = "quiet:";
    public const string LanguagePrefix = "lang:";
    public const string UnlinkYes = "unlink:yes";
    public const string UnlinkNo = "unlink:no";
    public const string QuietOff = "off";

    private const string Tick = "✓ ";

    /// <summary>Quiet hours a parent can pick, as (from, to) minutes after school-local midnight.</summary>
    public static IReadOnlyList<(long From, long To)> QuietPresets { get; } = [(21 * 60, 7 * 60), (22 * 60, 6 * 60 + 30)];

    public static InlineKeyboardMarkup Settings(BotTexts texts, LinkedGuardian guardian)
    {
        var quietOff = guardian.QuietFrom is null || guardian.QuietTo is null;
        return new InlineKeyboardMarkup(
        [
            [
                Button(texts.ButtonEach, ModePrefix + LinkedGuardian.EachEvent, !guardian.IsDigest),
                Button(texts.ButtonDigest, ModePrefix + LinkedGuardian.Digest, guardian.IsDigest),
            ],
            [Button(texts.ButtonQuietNone, QuietPrefix + QuietOff, quietOff)],
            [
                .. QuietPresets.Select(p => Button(Range(p.From, p.To), QuietPrefix + PresetKey(p),
                    guardian.QuietFrom == p.From && guardian.QuietTo == p.To)),
            ],
        ]);
    }

    public static InlineKeyboardMarkup Languages(string current) =>
        new([[.. BotTexts.LanguageNames.Select(l => Button(l.Value, LanguagePrefix + l.Key, l.Key == current))]]);

    public static InlineKeyboardMarkup Unlink(BotTexts texts) =>
        new([[InlineKeyboardButton.WithCallbackData(texts.ButtonUnlink, UnlinkYes), InlineKeyboardButton.WithCallbackData(texts.ButtonCancel, UnlinkNo)]]);

    /// <summary>The preset a quiet: button names; false for anything else.</summary>
    public static bool TryQuietPreset(string key, out (long From, long To)? preset)
    {
        preset = null;
        if (key == QuietOff)
        {
            return true;
        }

        foreach (var p in QuietPresets)
        {
            if (PresetKey(p) == key)
            {
                preset = p;
                return true;
            }
        }

        return false;
    }

    /// <summary>"21:00–07:00".</summary>
    public static string Range(long from, long to) => $"{Clock(from)}–{Clock(to)}";

    private static string PresetKey((long From, long To) p) => string.Create(CultureInfo.InvariantCulture, $"{p.From}-{p.To}");

    private static string Clock(long minutes) => string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:00}:{minutes % 60:00}");

    private static InlineKeyboardButton Button(string text, string data, bool chosen) =>
        InlineKeyboardButton.WithCallbackData(chosen ? Tick + text : text, data);
}
