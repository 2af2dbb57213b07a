using System.Net;
using System.Text;
using SchoolGate.Gateway.Notifications.Telegram;

namespace SchoolGate.Gateway.Tests.Telegram;

/// <summary>Onboarding: a guardian's chat links with the one-time code the school issued.</summary>
public sealed class TelegramLinkingTests
{
    private const long Chat = 5550001;

    [Fact]
    public async Task LinksTheChatWhenTheGuardianSendsAFreshCode()
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var (_, family, code) = await bed.SeedCodeAsync("ru", "Aruzhan", "Dias");

        var reply = await bed.Parent(Chat).SendAsync("/start " + code.Code);

        Assert.StartsWith("Готово, чат подключён.", reply.Text);
        Assert.Contains("Aruzhan, Dias", reply.Text);
        Assert.DoesNotContain("Surname", reply.Text);
        Assert.Equal(Chat, bed.ChatOf(family.GuardianId));
        Assert.Equal("main", bed.Gateway.Store.Scalar<string>("SELECT telegram_bot FROM guardians WHERE id = @id", new { id = family.GuardianId }));
        Assert.Equal(bed.Gateway.Time.GetUtcNow().ToUnixTimeMilliseconds(),
            bed.Gateway.Store.Scalar<long>("SELECT telegram_linked_at FROM guardians WHERE id = @id", new { id = family.GuardianId }));
        Assert.Equal(1, (await bed.Gateway.MetricsAsync())["telegramChatsLinked"]);
    }

    [Fact]
    public async Task LinksThroughTheWebhookAndTelegramRegisteredItsAddressAtStart()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramOptions.Webhook);
        var (_, family, code) = await bed.SeedCodeAsync("en", "Aruzhan");
        await Eventually.TrueAsync(() => bed.Api.WebhookUrl(TelegramTestBed.MainToken) is not null, "the gateway's setWebhook");

        var reply = await bed.Parent(Chat, "en").SendAsync("/start " + code.Code);

        Assert.Equal($"{bed.Gateway.Http.BaseAddress}telegram/main/webhook", bed.Api.WebhookUrl(TelegramTestBed.MainToken));
        Assert.StartsWith("Done, this chat is connected.", reply.Text);
        Assert.Equal(Chat, bed.ChatOf(family.GuardianId));
        Assert.True(bed.Api.WebhookDeliveries >= 1);
    }

    [Fact]
    public async Task TheWebhookRefusesACallWithoutTheRightSecret()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramOptions.Webhook);
        var update = """{"update_id":1,"message":{"message_id":1,"date":1741575120,"chat":{"id":5550001,"type":"private"},"text":"/help"}}""";

        var none = await PostAsync(bed, "/telegram/main/webhook", update, secret: null);
        var wrong = await PostAsync(bed, "/telegram/main/webhook", update, secret: TelegramTestBed.MainSecret + "x");
        var otherBots = await PostAsync(bed, "/telegram/north/webhook", update, secret: TelegramTestBed.MainSecret);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherBots.StatusCode);
        Assert.Equal(3, (await bed.Gateway.MetricsAsync())["telegramWebhookRejected"]);
        Assert.Empty(bed.Api.Sent);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"update_id":"seven"}""")]
    [InlineData("""{"update_id":7,"message":{"message_id":"x"}}""")]
    public async Task TheWebhookAnswers400ToABodyThatIsNoUpdate(string body)
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramOptions.Webhook);

        var response = await PostAsync(bed, "/telegram/main/webhook", body, TelegramTestBed.MainSecret);
        var metrics = await bed.Gateway.MetricsAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, metrics["telegramMalformedUpdates"]);
        Assert.Equal(0, metrics["telegramUpdateFailures"]);
    }

    [Fact]
    public async Task RefusesAnExpiredCodeInTheParentsTelegramLanguage()
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var (_, family, code) = await bed.SeedCodeAsync("ru", "Aruzhan");
        bed.Gateway.Time.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));

        var reply = await bed.Parent(Chat, "kk").SendAsync("/start " + code.Code);

        Assert.Equal("Бұл кодтың мерзімі өтіп кетті. Мектептен жаңа код сұраңыз.", reply.Text);
        Assert.Null(bed.ChatOf(family.GuardianId));
        Assert.Equal(1, (await bed.Gateway.MetricsAsync())["telegramLinksRefused"]);
    }

    [Fact]
    public async Task RefusesACodeThatWasUsedAlready()
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var (_, family, code) = await bed.SeedCodeAsync("ru", "Aruzhan");
        await bed.Parent(Chat).SendAsync("/start " + code.Code);

        var again = await bed.Parent(Chat).SendAsync("/start " + code.Code);
        var stranger = await bed.Parent(Chat + 1, "en").SendAsync("/start " + code.Code);

        Assert.StartsWith("Готово", again.Text);   // the same chat tapping the link twice is still linked
        Assert.Equal("This code has already been used. If that was not you, tell your school and ask for a new code.", stranger.Text);
        Assert.Equal(Chat, bed.ChatOf(family.GuardianId));
    }

    [Fact]
    public async Task RefusesACodeForAGuardianOfAnotherSchoolsBot()
    {
        await using var bed = await TelegramTestBed.StartAsync();
        await bed.SeedSchoolAsync("School 7");
        var north = await bed.SeedSchoolAsync("North school");
        Assert.Equal(TelegramTestBed.NorthSchoolId, north.Id);
        var family = await bed.SeedFamilyAsync(north, "ru", "Gulnara", "Aruzhan");
        var code = await bed.IssueCodeAsync(family.GuardianId);

        var wrongBot = await bed.Parent(Chat).SendAsync("/start " + code.Code);
        var rightBot = await bed.Parent(Chat, token: TelegramTestBed.NorthToken).SendAsync("/start " + code.Code);

        Assert.Equal(TelegramTestBed.NorthBot, code.Bot);
        Assert.Equal($"https://t.me/{TelegramTestBed.NorthBot}?start={code.Code}", code.DeepLink);
        Assert.Equal("Этот код предназначен для другого бота. Откройте ссылку с листка из школы.", wrongBot.Text);
        Assert.StartsWith("Готово", rightBot.Text);
        Assert.Equal("north", bed.Gateway.Store.Scalar<string>("SELECT telegram_bot FROM guardians WHERE id = @id", new { id = family.GuardianId }));
    }

    [Fact]
    public async Task ARaceOfTwoChatsOnOneCodeHasOneWinner()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramOptions.Webhook);
        var (_, family, code) = await bed.SeedCodeAsync("ru", "Aruzhan");
        await Eventually.TrueAsync(() => bed.Api.WebhookUrl(TelegramTestBed.MainToken) is not null, "the gateway's setWebhook");

        var chats = Enumerable.Range(0, 6).Select(i => Chat + i).ToArray();
        await Task.WhenAll(chats.Select(c => bed.Parent(c).SendAsync("/start " + code.Code)));

        var replies = chats.Select(c => bed.Parent(c).Messages.Single().Text).ToList();
        Assert.Single(replies, r => r.StartsWith("Готово", StringComparison.Ordinal));
        Assert.Equal(5, replies.Count(r => r.StartsWith("Этот код уже использован", StringComparison.Ordinal)));
        Assert.Contains(bed.ChatOf(family.GuardianId)!.Value, chats);
    }

    [Fact]
    public async Task OneChatLinksToOneGuardianOnly()
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var school = await bed.SeedSchoolAsync("School 7");
        var mother = await bed.SeedFamilyAsync(school, "ru", "Gulnara", "Aruzhan");
        var father = await bed.SeedFamilyAsync(school, "ru", "Nurlan", "Aruzhan2");
        await bed.Parent(Chat).SendAsync("/start " + (await bed.IssueCodeAsync(mother.GuardianId)).Code);

        var reply = await bed.Parent(Chat).SendAsync("/start " + (await bed.IssueCodeAsync(father.GuardianId)).Code);

        Assert.StartsWith("Этот чат уже подключён к другой учётной записи родителя.", reply.Text);
        Assert.Equal(Chat, bed.ChatOf(mother.GuardianId));
        Assert.Null(bed.ChatOf(father.GuardianId));
    }

    [Fact]
    public async Task ANewCodeVoidsTheOlderOne()
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var school = await bed.SeedSchoolAsync("School 7");
        var family = await bed.SeedFamilyAsync(school, "en", "Dana", "Aruzhan");
        var first = await bed.IssueCodeAsync(family.GuardianId);
        var second = await bed.IssueCodeAsync(family.GuardianId);

        var old = await bed.Parent(Chat, "en").SendAsync("/start " + first.Code);
        var fresh = await bed.Parent(Chat, "en").SendAsync("/start " + second.Code);

        Assert.NotEqual(first.Code, second.Code);
        Assert.Equal("This code has expired. Please ask your school for a new one.", old.Text);
        Assert.StartsWith("Done", fresh.Text);
    }

    [Theory]
    [InlineData("kk", "Код сәйкес келмеді.")]
    [InlineData("ru", "Код не подошёл.")]
    [InlineData("en", "That code did not work.")]
    [InlineData("de", "Код не подошёл.")]      // a language the bot does not speak: Russian
    [InlineData(null, "Код не подошёл.")]
    public async Task AWrongCodeIsAnsweredInTheParentsTelegramLanguage(string? languageCode, string expected)
    {
        await using var bed = await TelegramTestBed.StartAsync();

        var reply = await bed.Parent(Chat, languageCode).SendAsync("/start K7PQ2M9XRTAB");

        Assert.StartsWith(expected, reply.Text);
        Assert.Equal(1, (await bed.Gateway.MetricsAsync())["telegramLinksRefused"]);
    }

    [Fact]
    public async Task ACodeSentWithoutStartLinksToo()
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var (_, family, code) = await bed.SeedCodeAsync("ru", "Aruzhan");

        var reply = await bed.Parent(Chat).SendAsync(LinkCodes.Grouped(code.Code).ToLowerInvariant());

        Assert.StartsWith("Готово", reply.Text);
        Assert.Equal(Chat, bed.ChatOf(family.GuardianId));
    }

    [Fact]
    public async Task ThrottlesAChatThatKeepsGuessingCodes()
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var school = await bed.SeedSchoolAsync("School 7");
        var family = await bed.SeedFamilyAsync(school, "ru", "Gulnara", "Aruzhan");
        var parent = bed.Parent(Chat);
        for (var i = 0; i < 5; i++)
        {
            await parent.SendAsync($"/start WRONGCODE{i:000}");
        }

        var code = await bed.IssueCodeAsync(family.GuardianId);
        var throttled = await parent.SendAsync("/start " + code.Code);
        var otherChat = await bed.Parent(Chat + 1).SendAsync("/start " + code.Code);

        Assert.Equal("Слишком много неверных кодов. Попробуйте снова через 15 мин.", throttled.Text);
        Assert.StartsWith("Готово", otherChat.Text);
        var metrics = await bed.Gateway.MetricsAsync();
        Assert.Equal(1, metrics["telegramLinksThrottled"]);
        Assert.Equal(6, metrics["telegramLinksRefused"]);
    }

    [Fact]
    public async Task PollingGoesOnAfterTelegramFailed()
    {
        await using var bed = await TelegramTestBed.StartAsync(prepare: api => api.FailNextCalls("getUpdates", 3));
        var (_, family, code) = await bed.SeedCodeAsync("ru", "Aruzhan");

        await bed.Api.UserSends(TelegramTestBed.MainToken, Chat, "/start " + code.Code, "Gulnara", "ru");
        // The poller backs off on the gateway's clock: move it on until the update is handled.
        await Eventually.TrueAsync(() =>
        {
            bed.Gateway.Time.Advance(TimeSpan.FromSeconds(5));
            return bed.ChatOf(family.GuardianId) == Chat;
        }, "the link after Telegram came back");

        Assert.Equal(3, (await bed.Gateway.MetricsAsync())["telegramPollingErrors"]);
        Assert.Equal(3, bed.Api.InjectedFailureCount);
    }

    private static async Task<HttpResponseMessage> PostAsync(TelegramTestBed bed, string path, string body, string? secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.Add(TelegramWebhook.SecretHeader, secret);
        }

        return await bed.Gateway.Http.SendAsync(request);
    }
}
