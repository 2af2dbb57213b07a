using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Notifications.Telegram;

namespace SchoolGate.Gateway.Tests.Telegram;

/// <summary>The commands of a linked chat, in the guardian's language (Kazakh, Russian, English).</summary>
public sealed class TelegramCommandTests
{
    private const long Chat = 5550101;

    [Theory]
    [InlineData("kk", "Бүгін, 10.03\n\nAruzhan\n07:52 — мектепке кірді\n14:05 — мектептен шықты\n\nDias\nәзірге белгі жоқ")]
    [InlineData("ru", "Сегодня, 10.03\n\nAruzhan\n07:52 — вход в школу\n14:05 — выход из школы\n\nDias\nпока нет отметок")]
    [InlineData("en", "Today, 10.03\n\nAruzhan\n07:52 — arrived at school\n14:05 — left school\n\nDias\nnothing yet")]
    public async Task TodayShowsEachOwnChildsPassagesOfTheSchoolDay(string language, string expected)
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var (school, family, parent) = await LinkedAsync(bed, language, "Aruzhan", "Dias");
        var stranger = await bed.SeedFamilyAsync(school, "ru", "Other", "Stranger");
        await using var device = await bed.Gateway.ConnectAsync(school.DeviceId, school.DeviceSecret);
        var morning = bed.Gateway.Time.GetUtcNow();   // 07:52 in Almaty
        var yesterday = morning.AddDays(-1).ToUnixTimeMilliseconds();
        await device.SendEventAsync(1, PassageTypes.Entered, family.CardIds[0], morning.ToUnixTimeMilliseconds());
        await device.SendEventAsync(2, PassageTypes.Refused, family.CardIds[1], morning.ToUnixTimeMilliseconds(), reason: Reasons.CardRevoked);
        await device.SendEventAsync(3, PassageTypes.Entered, stranger.CardIds[0], morning.ToUnixTimeMilliseconds());
        // An offline passage of yesterday that arrives only today is not today's.
        await device.SendEventAsync(4, PassageTypes.Exited, family.CardIds[1], yesterday, offline: true, reason: Reasons.OfflineList);
        bed.Gateway.Time.Advance(TimeSpan.FromHours(6).Add(TimeSpan.FromMinutes(13)));
        await device.SendEventAsync(5, PassageTypes.Exited, family.CardIds[0], bed.Gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());

        var today = await parent.SendAsync("/today");

        Assert.Equal(expected, today.Text);
    }

    [Theory]
    [InlineData("kk", "Хабарламалар: әр оқиға туралы\nТыныш сағаттар: жоқ", "Жиынтық", "Хабарламалар: бір жиынтықпен\nТыныш сағаттар: 22:00–06:30", "Сақталды")]
    [InlineData("ru", "Уведомления: о каждом событии\nТихие часы: нет", "Сводкой", "Уведомления: одной сводкой\nТихие часы: 22:00–06:30", "Сохранено")]
    [InlineData("en", "Notifications: every event\nQuiet hours: none", "Digest", "Notifications: one digest\nQuiet hours: 22:00–06:30", "Saved")]
    public async Task SettingsStoreTheNotifyModeAndQuietHours(string language, string before, string digestButton, string after, string saved)
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var (_, family, parent) = await LinkedAsync(bed, language, "Aruzhan");

        var settings = await parent.SendAsync("/settings");
        var (digestAnswer, _) = await parent.PressAsync(settings, digestButton);
        var (_, shown) = await parent.PressAsync(parent.Messages[^1], "22:00–06:30");

        Assert.StartsWith(before, settings.Text);
        Assert.Equal(saved, digestAnswer.Text);
        Assert.StartsWith(after, shown.Text);
        Assert.Contains(shown.Buttons, b => b.Text == "✓ 22:00–06:30");
        Assert.Contains(shown.Buttons, b => b.Text == "✓ " + digestButton);
        var stored = bed.Gateway.Store.Scalar<string>("SELECT notify_mode || ' ' || quiet_from || ' ' || quiet_to FROM guardians WHERE id = @id", new { id = family.GuardianId });
        Assert.Equal("digest 1320 390", stored);
    }

    [Fact]
    public async Task QuietHoursCanBeSwitchedOffAgainAndTheSameChoiceTwiceChangesNothing()
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var (_, family, parent) = await LinkedAsync(bed, "en", "Aruzhan");
        var settings = await parent.SendAsync("/settings");
        var (_, quiet) = await parent.PressAsync(settings, "21:00–07:00");

        await parent.PressAsync(quiet, "✓ 21:00–07:00", expectEdit: false);
        var (_, shown) = await parent.PressAsync(quiet, "No quiet hours");

        Assert.Contains("Quiet hours: none", shown.Text);
        Assert.Equal(0, bed.Gateway.Store.Scalar<long>("SELECT COUNT(*) FROM guardians WHERE id = @id AND quiet_from IS NOT NULL", new { id = family.GuardianId }));
        Assert.Equal(0, (await bed.Gateway.MetricsAsync())["telegramRepliesFailed"]);
    }

    [Theory]
    [InlineData("kk", "Хабарлама тілін таңдаңыз:", "English", "Language: English", "en")]
    [InlineData("ru", "Выберите язык сообщений:", "Қазақша", "Тіл: қазақша", "kk")]
    [InlineData("en", "Choose the language of the messages:", "Русский", "Язык: русский", "ru")]
    public async Task LanguageSwitchesTheGuardiansLanguage(string language, string prompt, string button, string chosen, string stored)
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var (_, family, parent) = await LinkedAsync(bed, language, "Aruzhan");

        var menu = await parent.SendAsync("/language");
        var (_, shown) = await parent.PressAsync(menu, button);
        var help = await parent.SendAsync("/help");

        Assert.Equal(prompt, menu.Text);
        Assert.Contains(menu.Buttons, b => b.Text == "✓ " + BotTexts.LanguageNames[language]);
        Assert.Equal(chosen, shown.Text);
        Assert.Empty(shown.Buttons);
        Assert.Equal(stored, bed.Gateway.Store.Scalar<string>("SELECT language FROM guardians WHERE id = @id", new { id = family.GuardianId }));
        Assert.Equal(BotTexts.For(stored).Help, help.Text);
    }

    [Theory]
    [InlineData("kk", "Бұл чатты ажырату керек пе?", "Иә, ажырату", "Чат ажыратылды.")]
    [InlineData("ru", "Отключить этот чат?", "Да, отключить", "Чат отключён.")]
    [InlineData("en", "Disconnect this chat?", "Yes, disconnect", "This chat is disconnected.")]
    public async Task UnlinkAsksFirstThenEndsTheLink(string language, string question, string yes, string done)
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var (_, family, parent) = await LinkedAsync(bed, language, "Aruzhan");

        var confirm = await parent.SendAsync("/unlink");
        var (_, shown) = await parent.PressAsync(confirm, yes);
        var afterwards = await parent.SendAsync("/today");

        Assert.StartsWith(question, confirm.Text);
        Assert.StartsWith(done, shown.Text);
        Assert.Null(bed.ChatOf(family.GuardianId));
        Assert.Null(bed.Gateway.Store.Scalar<string?>("SELECT telegram_bot FROM guardians WHERE id = @id", new { id = family.GuardianId }));
        Assert.Equal(BotTexts.For("ru").SendYourCode, afterwards.Text);   // the parent's Telegram speaks Russian
        Assert.Equal(1, (await bed.Gateway.MetricsAsync())["telegramChatsUnlinked"]);
    }

    [Theory]
    [InlineData("kk", "Чат қосулы күйінде қалды.")]
    [InlineData("ru", "Чат остаётся подключённым.")]
    [InlineData("en", "The chat stays connected.")]
    public async Task CancellingTheUnlinkKeepsTheLink(string language, string kept)
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var (_, family, parent) = await LinkedAsync(bed, language, "Aruzhan");

        var confirm = await parent.SendAsync("/unlink");
        var (_, shown) = await parent.PressDataAsync(confirm, ParentKeyboards.UnlinkNo);

        Assert.Equal(kept, shown.Text);
        Assert.Equal(parent.ChatId, bed.ChatOf(family.GuardianId));
    }

    [Theory]
    [InlineData("kk")]
    [InlineData("ru")]
    [InlineData("en")]
    public async Task StrayTextAndUnknownCommandsGetAShortHelp(string language)
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var (_, _, parent) = await LinkedAsync(bed, language, "Aruzhan");
        var texts = BotTexts.For(language);

        var stray = await parent.SendAsync("когда каникулы?");
        var unknown = await parent.SendAsync("/homework");
        var help = await parent.SendAsync("/help");

        Assert.Equal(texts.NotUnderstood + "\n\n" + texts.Help, stray.Text);
        Assert.Equal(stray.Text, unknown.Text);
        Assert.Equal(texts.Help, help.Text);
        Assert.Equal(2, (await bed.Gateway.MetricsAsync())["telegramUnknownInput"]);
    }

    [Theory]
    [InlineData("kk", "Сәлеметсіз бе!")]
    [InlineData("ru", "Здравствуйте!")]
    [InlineData("en-US", "Hello!")]
    public async Task AnUnlinkedChatIsToldToSendItsCode(string telegramLanguage, string greeting)
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var parent = bed.Parent(Chat, telegramLanguage);

        var start = await parent.SendAsync("/start");
        var today = await parent.SendAsync("/today");
        var stray = await parent.SendAsync("hello?");

        Assert.StartsWith(greeting, start.Text);
        Assert.Equal(start.Text, today.Text);
        Assert.Equal(start.Text, stray.Text);
    }

    [Fact]
    public async Task AButtonOfAnUnlinkedChatOrWithForgedDataIsAnsweredAndChangesNothing()
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var (_, family, parent) = await LinkedAsync(bed, "en", "Aruzhan");
        var settings = await parent.SendAsync("/settings");

        var (forged, _) = await parent.PressDataAsync(settings, "quiet:0-1440", expectEdit: false);
        var (stranger, _) = await bed.Parent(Chat + 9, "kk").PressDataAsync(settings, "mode:digest", expectEdit: false);

        Assert.Equal("This button is out of date", forged.Text);
        Assert.Equal("Чат қосылмаған", stranger.Text);
        Assert.Equal(0, bed.Gateway.Store.Scalar<long>("SELECT COUNT(*) FROM guardians WHERE id = @id AND (quiet_from IS NOT NULL OR notify_mode IS NOT NULL)", new { id = family.GuardianId }));
    }

    [Fact]
    public async Task TodayNamesOnlyTheGuardiansOwnChildren()
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var (school, _, parent) = await LinkedAsync(bed, "en", "Aruzhan");
        await bed.SeedFamilyAsync(school, "en", "Neighbour", "Timur");

        var today = await parent.SendAsync("/today");

        Assert.Contains("Aruzhan", today.Text);
        Assert.DoesNotContain("Timur", today.Text);
    }

    private static async Task<(TelegramTestBed.SchoolDto School, TelegramTestBed.FamilyDto Family, TelegramParent Parent)> LinkedAsync(
        TelegramTestBed bed, string language, params string[] children)
    {
        var (school, family, code) = await bed.SeedCodeAsync(language, children);
        var parent = bed.Parent(Chat);
        await parent.SendAsync("/start " + code.Code);
        return (school, family, parent);
    }
}
