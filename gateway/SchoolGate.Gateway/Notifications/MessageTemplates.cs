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

    /// <summary>
    /// The bus messages. Russian names the event with nouns ("посадка", "выход"), as for passages;
    /// Kazakh verbs carry no gender ("отырды", "түсті"); a route number is written "№12" in both,
    /// as on the buses' own boards. {0} = first name, {1} = the bus (with its route when known, in
    /// the case the text needs), {2} = the vehicle in brackets (or nothing), {3} = the tap's time,
    /// {4} = the deadline of the cross-rule.
    /// </summary>
    private sealed record BusTexts(Func<string?, string> BusTo, Func<string?, string> BusFrom, string Vehicle, string Boarded,
        string Alighted, string NotAtSchool, string NowEntered);

    private static readonly Dictionary<string, BusTexts> BusByLanguage = new(StringComparer.Ordinal)
    {
        [Kazakh] = new(r => r is null ? "автобусқа" : $"№{r} автобусқа", r => r is null ? "автобустан" : $"№{r} автобустан", " (көлік {0})",
            "{0}: {1} отырды{2}, {3}", "{0}: {1} түсті, {3}",
            "{0}: {1} отырды, {3}. Мектепке кіргені тіркелмеді, тексеру: {4}", "{0}: мектепке енді кірді, {3}"),
        [Russian] = new(r => r is null ? "автобус" : $"автобус №{r}", r => r is null ? "автобуса" : $"автобуса №{r}", " (борт {0})",
            "{0}: посадка в {1}{2} в {3}", "{0}: выход из {1} в {3}",
            "{0}: посадка в {1} в {3}, но к {4} вход в школу не отмечен", "{0}: вход в школу отмечен в {3}"),
        [English] = new(r => r is null ? "the bus" : $"bus {r}", r => r is null ? "the bus" : $"bus {r}", " (vehicle {0})",
            "{0} boarded {1}{2} at {3}", "{0} got off {1} at {3}",
            "{0} boarded {1} at {3} but has not entered school by {4}", "{0} has now entered school at {3}"),
    };

    /// <summary>"Aruzhan boarded bus 12 (vehicle 045) at 07:41", "Aruzhan got off bus 12 at 08:03".</summary>
    public static string ForBus(string language, string journeyType, string firstName, string? route, string? vehicle, DateTimeOffset schoolLocalTime)
    {
        var texts = Bus(language);
        return journeyType switch
        {
            PassageTypes.Boarded => Fill(texts.Boarded, firstName, texts.BusTo(route), VehicleOf(texts, vehicle), schoolLocalTime, null),
            PassageTypes.Alighted => Fill(texts.Alighted, firstName, texts.BusFrom(route), "", schoolLocalTime, null),
            _ => throw new ArgumentOutOfRangeException(nameof(journeyType), journeyType, "Bus messages are about boarded and alighted taps."),
        };
    }

    /// <summary>The safety alert: boarded at <paramref name="boardedAt"/>, not through the school's entrance by <paramref name="deadline"/>.</summary>
    public static string ForBusNotAtSchool(string language, string firstName, string? route, DateTimeOffset boardedAt, DateTimeOffset deadline)
    {
        var texts = Bus(language);
        return Fill(texts.NotAtSchool, firstName, texts.BusTo(route), "", boardedAt, deadline);
    }

    /// <summary>The follow-up of a safety alert: the child has now come through the entrance.</summary>
    public static string ForBusAlertCleared(string language, string firstName, DateTimeOffset enteredAt) =>
        Fill(Bus(language).NowEntered, firstName, "", "", enteredAt, null);

    private static BusTexts Bus(string language) => BusByLanguage.TryGetValue(language, out var texts)
        ? texts
        : throw new ArgumentOutOfRangeException(nameof(language), language, $"No message templates for language '{language}'.");

    private static string VehicleOf(BusTexts texts, string? vehicle) =>
        vehicle is null ? "" : string.Format(CultureInfo.InvariantCulture, texts.Vehicle, vehicle);

    private static string Fill(string template, string firstName, string bus, string vehicle, DateTimeOffset at, DateTimeOffset? second) =>
        string.Format(CultureInfo.InvariantCulture, template, firstName, bus, vehicle, at.ToString("HH:mm", CultureInfo.InvariantCulture),
            second?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "");
}
