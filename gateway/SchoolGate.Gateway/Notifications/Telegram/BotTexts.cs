using System.Globalization;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// Every text the parents' bot writes, per language, in one place (the messages about passages
/// are in <see cref="MessageTemplates"/>). The same care as there: Russian avoids past-tense
/// verbs and adjectives that would need the child's or the parent's gender ("подключён" agrees
/// with "чат", not with a person; "учётная запись" stands for the parent); Kazakh puts times and
/// names after a colon or a dash, where no case ending is needed. Children are named by first
/// name only. {0}, {1}: see each text.
/// </summary>
public sealed record BotTexts(
    string SendYourCode,
    string PrivateChatsOnly,
    string Linked,
    string ChildrenLine,               // {0}: first names, comma-separated
    string CodeWrong,
    string CodeExpired,
    string CodeUsed,
    string CodeForOtherBot,
    string CodeThrottled,              // {0}: minutes
    string ChatTaken,
    string Help,
    string NotUnderstood,
    string TodayHeader,                // {0}: the school-local date, dd.MM
    string TodayNothingYet,
    string NoChildren,
    string Entered,
    string Exited,
    string Settings,                   // {0}: the mode, {1}: the quiet hours
    string ModeEach,
    string ModeDigest,
    string QuietNone,
    string ButtonEach,
    string ButtonDigest,
    string ButtonQuietNone,
    string Saved,
    string LanguagePrompt,
    string LanguageChosen,
    string UnlinkConfirm,
    string ButtonUnlink,
    string ButtonCancel,
    string Unlinked,
    string UnlinkCancelled,
    string NotLinked,
    string ButtonOutdated,
    string TryLater,
    string Boarded,
    string Alighted)
{
    /// <summary>Each language's own name for itself, for the language buttons.</summary>
    public static IReadOnlyDictionary<string, string> LanguageNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [MessageTemplates.Kazakh] = "Қазақша",
        [MessageTemplates.Russian] = "Русский",
        [MessageTemplates.English] = "English",
    };

    private static readonly Dictionary<string, BotTexts> ByLanguage = new(StringComparer.Ordinal)
    {
        [MessageTemplates.Kazakh] = new(
            SendYourCode: "Сәлеметсіз бе! Бұл бот балаңыздың мектепке келгені мен кеткені туралы хабарлайды. Қосылу үшін мектеп берген сілтемені ашыңыз немесе кодты жіберіңіз: /start КОД",
            PrivateChatsOnly: "Бот тек жеке чатта жұмыс істейді: маған жеке жазыңыз.",
            Linked: "Дайын, чат қосылды.",
            ChildrenLine: "Мектепке келу-кету туралы хабарламалар: {0}.",
            CodeWrong: "Код сәйкес келмеді. Мектеп берген парақтағы кодты тексеріп, қайта жіберіңіз: /start КОД",
            CodeExpired: "Бұл кодтың мерзімі өтіп кетті. Мектептен жаңа код сұраңыз.",
            CodeUsed: "Бұл код бұрын қолданылған. Егер оны сіз қолданбасаңыз, мектепке хабарлап, жаңа код сұраңыз.",
            CodeForOtherBot: "Бұл код басқа ботқа арналған. Мектеп берген парақтағы сілтемені ашыңыз.",
            CodeThrottled: "Қате код тым көп жіберілді. {0} минуттан кейін қайталап көріңіз.",
            ChatTaken: "Бұл чат ата-ананың басқа есептік жазбасына қосылған. Бір чатқа бір ғана есептік жазба қосылады; ауыстыру үшін алдымен /unlink жіберіңіз.",
            Help: "Командалар:\n/today — бүгінгі оқиғалар\n/settings — хабарламалар және тыныш сағаттар\n/language — тіл\n/unlink — бұл чатты ажырату\n/help — осы анықтама",
            NotUnderstood: "Бот тек командаларды түсінеді.",
            TodayHeader: "Бүгін, {0}",
            TodayNothingYet: "әзірге белгі жоқ",
            NoChildren: "Есептік жазбаңызға әлі бала тіркелмеген. Мектепке хабарласыңыз.",
            Entered: "мектепке кірді",
            Exited: "мектептен шықты",
            Settings: "Хабарламалар: {0}\nТыныш сағаттар: {1}\n\nТыныш сағаттарда шұғыл емес хабарламалар олар аяқталғаннан кейін келеді.",
            ModeEach: "әр оқиға туралы",
            ModeDigest: "бір жиынтықпен",
            QuietNone: "жоқ",
            ButtonEach: "Әр оқиға туралы",
            ButtonDigest: "Жиынтық",
            ButtonQuietNone: "Тыныш сағатсыз",
            Saved: "Сақталды",
            LanguagePrompt: "Хабарлама тілін таңдаңыз:",
            LanguageChosen: "Тіл: қазақша",
            UnlinkConfirm: "Бұл чатты ажырату керек пе? Мектептен хабарламалар бұдан былай келмейді.",
            ButtonUnlink: "Иә, ажырату",
            ButtonCancel: "Бас тарту",
            Unlinked: "Чат ажыратылды. Қайта қосылу үшін мектеп берген кодты жіберіңіз: /start КОД",
            UnlinkCancelled: "Чат қосулы күйінде қалды.",
            NotLinked: "Чат қосылмаған",
            ButtonOutdated: "Бұл батырма ескірген",
            TryLater: "Кешіріңіз, қазір жауап бере алмаймыз. Сәлден кейін қайталап көріңіз.",
            Boarded: "автобусқа отырды",
            Alighted: "автобустан түсті"),
        [MessageTemplates.Russian] = new(
            SendYourCode: "Здравствуйте! Этот бот сообщает о приходе ребёнка в школу и уходе из неё. Чтобы подключиться, откройте ссылку от школы или отправьте код: /start КОД",
            PrivateChatsOnly: "Бот работает только в личном чате: напишите мне лично.",
            Linked: "Готово, чат подключён.",
            ChildrenLine: "Уведомления о приходе и уходе: {0}.",
            CodeWrong: "Код не подошёл. Проверьте его на листке из школы и отправьте снова: /start КОД",
            CodeExpired: "Срок действия этого кода истёк. Попросите в школе новый код.",
            CodeUsed: "Этот код уже использован. Если это были не вы, сообщите в школу и попросите новый код.",
            CodeForOtherBot: "Этот код предназначен для другого бота. Откройте ссылку с листка из школы.",
            CodeThrottled: "Слишком много неверных кодов. Попробуйте снова через {0} мин.",
            ChatTaken: "Этот чат уже подключён к другой учётной записи родителя. Один чат — одна учётная запись; чтобы сменить её, сначала отправьте /unlink.",
            Help: "Команды:\n/today — события за сегодня\n/settings — уведомления и тихие часы\n/language — язык\n/unlink — отключить этот чат\n/help — эта справка",
            NotUnderstood: "Бот понимает только команды.",
            TodayHeader: "Сегодня, {0}",
            TodayNothingYet: "пока нет отметок",
            NoChildren: "К вашей учётной записи пока не привязаны дети. Обратитесь в школу.",
            Entered: "вход в школу",
            Exited: "выход из школы",
            Settings: "Уведомления: {0}\nТихие часы: {1}\n\nВ тихие часы несрочные уведомления приходят после их окончания.",
            ModeEach: "о каждом событии",
            ModeDigest: "одной сводкой",
            QuietNone: "нет",
            ButtonEach: "О каждом событии",
            ButtonDigest: "Сводкой",
            ButtonQuietNone: "Без тихих часов",
            Saved: "Сохранено",
            LanguagePrompt: "Выберите язык сообщений:",
            LanguageChosen: "Язык: русский",
            UnlinkConfirm: "Отключить этот чат? Уведомления из школы больше не будут приходить.",
            ButtonUnlink: "Да, отключить",
            ButtonCancel: "Отмена",
            Unlinked: "Чат отключён. Чтобы подключиться снова, отправьте код от школы: /start КОД",
            UnlinkCancelled: "Чат остаётся подключённым.",
            NotLinked: "Чат не подключён",
            ButtonOutdated: "Эта кнопка устарела",
            TryLater: "Извините, сейчас не получается ответить. Попробуйте чуть позже.",
            Boarded: "посадка в автобус",
            Alighted: "выход из автобуса"),
        [MessageTemplates.English] = new(
            SendYourCode: "Hello! This bot tells you when your child arrives at and leaves school. To connect, open the link from your school or send your code: /start CODE",
            PrivateChatsOnly: "The bot only works in a private chat: please write to me directly.",
            Linked: "Done, this chat is connected.",
            ChildrenLine: "Arrival and departure messages for: {0}.",
            CodeWrong: "That code did not work. Check it on your school's sheet and send it again: /start CODE",
            CodeExpired: "This code has expired. Please ask your school for a new one.",
            CodeUsed: "This code has already been used. If that was not you, tell your school and ask for a new code.",
            CodeForOtherBot: "This code is for a different bot. Please open the link on your school's sheet.",
            CodeThrottled: "Too many wrong codes. Please try again in {0} min.",
            ChatTaken: "This chat is already connected to another parent account. One chat, one account: to switch, send /unlink first.",
            Help: "Commands:\n/today — today's events\n/settings — notifications and quiet hours\n/language — language\n/unlink — disconnect this chat\n/help — this help",
            NotUnderstood: "The bot only understands commands.",
            TodayHeader: "Today, {0}",
            TodayNothingYet: "nothing yet",
            NoChildren: "No children are attached to your account yet. Please contact your school.",
            Entered: "arrived at school",
            Exited: "left school",
            Settings: "Notifications: {0}\nQuiet hours: {1}\n\nDuring quiet hours, non-urgent messages arrive when they end.",
            ModeEach: "every event",
            ModeDigest: "one digest",
            QuietNone: "none",
            ButtonEach: "Every event",
            ButtonDigest: "Digest",
            ButtonQuietNone: "No quiet hours",
            Saved: "Saved",
            LanguagePrompt: "Choose the language of the messages:",
            LanguageChosen: "Language: English",
            UnlinkConfirm: "Disconnect this chat? School messages will stop coming here.",
            ButtonUnlink: "Yes, disconnect",
            ButtonCancel: "Cancel",
            Unlinked: "This chat is disconnected. To connect again, send your school code: /start CODE",
            UnlinkCancelled: "The chat stays connected.",
            NotLinked: "This chat is not connected",
            ButtonOutdated: "This button is out of date",
            TryLater: "Sorry, the bot cannot answer right now. Please try again a little later.",
            Boarded: "boarded the bus",
            Alighted: "got off the bus"),
    };

    public static BotTexts For(string language) =>
        ByLanguage.TryGetValue(language, out var texts) ? texts : ByLanguage[MessageTemplates.Russian];

    /// <summary>
    /// The language for a chat nobody linked yet: Telegram's language_code ("kk", "ru", "en-US")
    /// when the bot speaks it, else Russian (most parents in the region read it).
    /// </summary>
    public static string LanguageOfTelegramUser(string? languageCode)
    {
        var primary = languageCode?.Split('-', 2)[0].ToLowerInvariant();
        return MessageTemplates.IsSupported(primary) ? primary! : MessageTemplates.Russian;
    }

    /// <summary>The language of a linked guardian's chat: theirs, else the gateway's default.</summary>
    public static BotTexts For(LinkedGuardian guardian, string defaultLanguage) => For(guardian.Language ?? defaultLanguage);

    /// <summary>The /settings message: how the guardian is notified now.</summary>
    public string SettingsOf(LinkedGuardian guardian) => Fill(Settings,
        guardian.IsDigest ? ModeDigest : ModeEach,
        guardian.QuietFrom is { } from && guardian.QuietTo is { } to ? ParentKeyboards.Range(from, to) : QuietNone);

    /// <summary>What a timeline entry says after its time; a kind without a text yet shows as itself.</summary>
    public string Happened(string kind) => kind switch
    {
        PassageTypes.Entered => Entered,
        PassageTypes.Exited => Exited,
        PassageTypes.Boarded => Boarded,
        PassageTypes.Alighted => Alighted,
        _ => kind,
    };

    public static string Fill(string template, params object[] values) => string.Format(CultureInfo.InvariantCulture, template, values);
}
