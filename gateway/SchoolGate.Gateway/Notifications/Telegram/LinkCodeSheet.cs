using System.Globalization;
using System.Net;
using System.Text;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// The printable sheet of link codes: one slip per guardian, to cut out and hand over, in the
/// guardian's language, with the deep link (a tap on a phone opens the bot with the code) and
/// the code itself to type. Every name is HTML-escaped: they come from whoever typed them in.
/// </summary>
public static class LinkCodeSheet
{
    /// <param name="Guardian">The guardian's full name, so staff hand the slip to the right person.</param>
    /// <param name="Children">First names only.</param>
    public sealed record Slip(string Guardian, IReadOnlyList<string> Children, string? Language, LinkCode Code);

    private sealed record Texts(string Title, string ForChildren, string Steps, string Code, string Until);

    private static readonly Dictionary<string, Texts> ByLanguage = new(StringComparer.Ordinal)
    {
        [MessageTemplates.Kazakh] = new("Мектептен Telegram хабарламалары", "Балалар", "Телефонда сілтемені ашып, Start («Запустить») түймесін басыңыз. Немесе @{0} ботына кодты жіберіңіз:", "Код", "Мерзімі"),
        [MessageTemplates.Russian] = new("Уведомления из школы в Telegram", "Дети", "Откройте ссылку на телефоне и нажмите «Запустить» (Start). Или отправьте боту @{0} код:", "Код", "Действует до"),
        [MessageTemplates.English] = new("School messages in Telegram", "Children", "Open the link on your phone and press Start. Or send the code to @{0}:", "Code", "Valid until"),
    };

    private const string Style = """
        @page { size: A4; margin: 12mm; }
        body { font-family: sans-serif; font-size: 11pt; margin: 0; color: #000; }
        h1 { font-size: 14pt; margin: 0 0 6mm; }
        .slips { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
        .slip { border: 1px dashed #555; padding: 4mm; break-inside: avoid; page-break-inside: avoid; }
        .slip h2 { font-size: 12pt; margin: 0 0 2mm; }
        .who { font-weight: bold; }
        .code { font-family: monospace; font-size: 16pt; letter-spacing: 1px; margin: 2mm 0; }
        .link { font-family: monospace; font-size: 9pt; word-break: break-all; }
        .until { font-size: 9pt; color: #333; }
        """;

    /// <param name="dayOf">The school-local date of an instant: a code runs out on the school's calendar.</param>
    public static string Render(string school, string botUsername, IReadOnlyList<Slip> slips, Func<DateTimeOffset, DateOnly> dayOf)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
            .Append(E(school)).Append(" — Telegram</title><style>").Append(Style).Append("</style></head><body>\n<h1>")
            .Append(E(school)).Append(" — @").Append(E(botUsername))
            .Append(CultureInfo.InvariantCulture, $" ({slips.Count})").Append("</h1>\n<div class=\"slips\">\n");
        foreach (var slip in slips)
        {
            var texts = ByLanguage.TryGetValue(slip.Language ?? "", out var own) ? own : ByLanguage[MessageTemplates.Russian];
            var link = E(slip.Code.DeepLink);
            html.Append("<div class=\"slip\"><h2>").Append(E(texts.Title)).Append("</h2>")
                .Append("<div class=\"who\">").Append(E(slip.Guardian)).Append("</div>")
                .Append("<div>").Append(E(texts.ForChildren)).Append(": ").Append(E(string.Join(", ", slip.Children))).Append("</div>")
                .Append("<p>").Append(E(string.Format(CultureInfo.InvariantCulture, texts.Steps, botUsername))).Append("</p>")
                .Append("<div class=\"link\"><a href=\"").Append(link).Append("\">").Append(link).Append("</a></div>")
                .Append("<div class=\"code\">").Append(E(texts.Code)).Append(": ").Append(E(LinkCodes.Grouped(slip.Code.Code))).Append("</div>")
                .Append("<div class=\"until\">").Append(E(texts.Until)).Append(": ")
                .Append(dayOf(slip.Code.ExpiresAt).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)).Append("</div></div>\n");
        }

        return html.Append("</div>\n</body></html>\n").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
