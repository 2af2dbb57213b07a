using System.Globalization;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Notifications;

/// <summary>
/// Every parent message text, per language, in one place. Parents in Taraz read Kazakh or
/// Russian; English is kept for the rest. The wording is chosen so it is correct whoever the child is:
/// <list type="bullet">
/// <item>Russian past-tense verbs agree with gender ("пришёл"/"пришла") and the gateway does not
/// know the child's gender, so the Russian text uses nouns: "вход в школу", "выход из школы".</item>
/// <item>Kazakh case endings on a time follow the pronunciation of its last number ("07:52-де",
/// "14:05-те", "10:40-та"), so the time stands after a comma, without a suffix.</item>
/// </list>
/// Least data: only the child's first name goes in. The time is the school's local time.
/// </summary>
public static class MessageTemplates
{
    public const string Kazakh = "kk";
    public const string Russian = "ru";
    public const string English = "en";

    private sealed record Texts(string Arrived, string Left, string ArrivedWithTemporaryPass);

    // {0} = the child's first name, {1} = school-local time "HH:mm".
    private static readonly Dictionary<string, Texts> ByLanguage = new(StringComparer.Ordinal)
    {
        [Kazakh] = new("{0}: мектепке кірді, {1}", "{0}: мектептен шықты, {1}", "{0}: уақытша рұқсатпен мектепке кірді, {1}"),
        [Russian] = new("{0}: вход в школу в {1}", "{0}: выход из школы в {1}", "{0}: вход в школу по временному пропуску в {1}"),
        [English] = new("{0} arrived at school at {1}", "{0} left school at {1}", "{0} entered with a temporary pass at {1}"),
    };

    /// <summary>The language codes a guardian may choose (ISO 639-1).</summary>
    public static IReadOnlyList<string> Languages { get; } = [Kazakh, Russian, English];

    public static bool IsSupported(string? language) => language is not null && ByLanguage.ContainsKey(language);

    /// <summary>The message for an "entered" or "exited" passage (parents are not told about refused or abandoned ones).</summary>
    /// <param name="reason">The passage's reason: an entry on a temporary pass (a spare card for a forgotten one) says so.</param>
    public static string ForPassage(string language, string passageType, string firstName, DateTimeOffset schoolLocalTime, string? reason = null)
    {
        if (!ByLanguage.TryGetValue(language, out var texts))
        {
            throw new ArgumentOutOfRangeException(nameof(language), language, $"No message templates for language '{language}'.");
        }

        var template = passageType switch
        {
            PassageTypes.Entered when reason == Reasons.TemporaryPass => texts.ArrivedWithTemporaryPass,
            PassageTypes.Entered => texts.Arrived,
            PassageTypes.Exited => texts.Left,
            _ => throw new ArgumentOutOfRangeException(nameof(passageType), passageType, "Parents are told only about entered and exited passages."),
        };
        return string.Format(CultureInfo.InvariantCulture, template, firstName,
            schoolLocalTime.ToString("HH:mm", CultureInfo.InvariantCulture));
    }

    // {0} = the child's first name, {1} = the absent-after time "HH:mm" (school-local). Said as "no
    // entry recorded", not "did not come": the card may have been forgotten and the child let in by hand.
    private static readonly Dictionary<string, string> AbsentByLanguage = new(StringComparer.Ordinal)
    {
        [Kazakh] = "{0}: мектепке кіру тіркелмеді, {1}",
        [Russian] = "{0}: вход в школу не отмечен до {1}",
        [English] = "{0}: no entry to school recorded by {1}",
    };

    /// <summary>The absence alert: the child has not come in by the school's absent-after time.</summary>
    public static string ForAbsence(string language, string firstName, string absentAfterLocal) =>
        AbsentByLanguage.TryGetValue(language, out var template)
            ? string.Format(CultureInfo.InvariantCulture, template, firstName, absentAfterLocal)
            : throw new ArgumentOutOfRangeException(nameof(language), language, $"No message templates for language '{language}'.");
}
