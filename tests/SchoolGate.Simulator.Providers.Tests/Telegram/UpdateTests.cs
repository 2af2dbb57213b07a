using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;
using static SchoolGate.Simulator.Providers.Tests.Telegram.BotApiFixture;

namespace SchoolGate.Simulator.Providers.Tests.Telegram;

public sealed class UpdateTests
{
    [Fact]
    public async Task ALongPollReturnsAsSoonAsTheUserWrites()
    {
        await using var f = await BotApiFixture.StartAsync();
        var poll = f.Client.GetUpdates(timeout: 30);

        var sent = await f.Api.UserSends(Token, UserChat, "/start K7PQ2M9XRT", "Aigerim", "kk");
        var update = Assert.Single(await poll.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Null(sent.WebhookStatus);
        Assert.Equal(sent.UpdateId, update.Id);
        Assert.Equal(UpdateType.Message, update.Type);
        Assert.Equal("/start K7PQ2M9XRT", update.Message!.Text);
        Assert.Equal(UserChat, update.Message.Chat.Id);
        Assert.Equal(ChatType.Private, update.Message.Chat.Type);
        Assert.Equal("Aigerim", update.Message.From!.FirstName);
        Assert.Equal("kk", update.Message.From.LanguageCode);
        Assert.Equal(MessageEntityType.BotCommand, update.Message.Entities!.Single().Type);
        Assert.Equal(6, update.Message.Entities!.Single().Length);
    }

    [Fact]
    public async Task AnUpdateStaysUntilAnOffsetPastItConfirmsIt()
    {
        await using var f = await BotApiFixture.StartAsync();
        await f.Api.UserSends(Token, UserChat, "one");
        await f.Api.UserSends(Token, UserChat, "two");

        var first = await f.Client.GetUpdates();
        var again = await f.Client.GetUpdates();
        var afterConfirming = await f.Client.GetUpdates(offset: first[0].Id + 1);
        var afterAll = await f.Client.GetUpdates(offset: first[1].Id + 1);

        Assert.Equal(["one", "two"], first.Select(u => u.Message!.Text));
        Assert.Equal(2, again.Length);
        Assert.Equal(["two"], afterConfirming.Select(u => u.Message!.Text));
        Assert.Empty(afterAll);
    }

    [Fact]
    public async Task ALongPollWithNothingToSayAnswersEmptyAfterItsTimeout()
    {
        await using var f = await BotApiFixture.StartAsync();

        var updates = await f.Client.GetUpdates(timeout: 1);

        Assert.Empty(updates);
    }

    [Fact]
    public async Task ASecondPollerEndsTheFirstWithAConflict()
    {
        await using var f = await BotApiFixture.StartAsync();
        var first = f.Client.GetUpdates(timeout: 30);
        await Task.Delay(200);   // lets the first poll reach the server; if it did not, the test proves less, not something false

        var second = f.Client.GetUpdates(timeout: 30);
        var conflict = await Assert.ThrowsAsync<ApiRequestException>(() => first.WaitAsync(TimeSpan.FromSeconds(10)));
        await f.Api.UserSends(Token, UserChat, "hi");

        Assert.Equal(409, conflict.ErrorCode);
        Assert.Single(await second.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task APressedButtonArrivesAsACallbackQueryThatIsAnsweredOnce()
    {
        await using var f = await BotApiFixture.StartAsync();
        var menu = await f.Client.SendMessage(UserChat, "Language?", replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("English", "lang:en")));

        var pressed = await f.Api.UserPresses(Token, UserChat, menu.MessageId, "lang:en", "Dana", "en");
        var update = Assert.Single(await f.Client.GetUpdates());
        await f.Client.AnswerCallbackQuery(update.CallbackQuery!.Id, "Saved");
        var twice = await Assert.ThrowsAsync<ApiRequestException>(() => f.Client.AnswerCallbackQuery(update.CallbackQuery.Id));

        Assert.Equal(UpdateType.CallbackQuery, update.Type);
        Assert.Equal(pressed.CallbackQueryId, update.CallbackQuery.Id);
        Assert.Equal("lang:en", update.CallbackQuery.Data);
        Assert.Equal(menu.MessageId, update.CallbackQuery.Message!.MessageId);
        Assert.Equal("Language?", update.CallbackQuery.Message.Text);
        Assert.Equal(UserChat, update.CallbackQuery.Message.Chat.Id);
        Assert.Equal("en", update.CallbackQuery.From.LanguageCode);
        var answer = Assert.Single(f.Api.CallbackAnswers);
        Assert.Equal(pressed.CallbackQueryId, answer.CallbackQueryId);
        Assert.Equal("Saved", answer.Text);
        Assert.Equal(400, twice.ErrorCode);
    }

    [Fact]
    public async Task AWebhookGetsEachUpdateWithTheSecretHeader()
    {
        await using var f = await BotApiFixture.StartAsync();
        await using var hook = await WebhookReceiver.StartAsync();
        await f.Client.SetWebhook(hook.Url, secretToken: "s3cret_Token-1");

        var sent = await f.Api.UserSends(Token, UserChat, "/today", "Aigerim", "ru");
        var info = await f.Client.GetWebhookInfo();
        var polling = await Assert.ThrowsAsync<ApiRequestException>(() => f.Client.GetUpdates());

        Assert.Equal(200, sent.WebhookStatus);
        var (secret, body) = Assert.Single(hook.Received);
        Assert.Equal("s3cret_Token-1", secret);
        var update = JsonSerializer.Deserialize<Update>(body, JsonBotAPI.Options)!;
        Assert.Equal(sent.UpdateId, update.Id);
        Assert.Equal("/today", update.Message!.Text);
        Assert.Equal(hook.Url, info.Url);
        Assert.Equal(409, polling.ErrorCode);
        Assert.Equal(1, f.Api.WebhookDeliveries);
    }

    [Fact]
    public async Task AFailedWebhookPostIsTriedAgain()
    {
        await using var f = await BotApiFixture.StartAsync(o => o.WebhookRetryDelay = TimeSpan.FromMilliseconds(10));
        await using var hook = await WebhookReceiver.StartAsync();
        await f.Client.SetWebhook(hook.Url);
        hook.AnswerNext(500, 502);

        var sent = await f.Api.UserSends(Token, UserChat, "hello");
        var info = await f.Client.GetWebhookInfo();

        Assert.Equal(200, sent.WebhookStatus);
        Assert.Equal(3, hook.Received.Count);
        Assert.All(hook.Received, r => Assert.Null(r.Secret));
        Assert.Equal(2, f.Api.WebhookFailedAttempts);
        Assert.Equal(0, f.Api.WebhookDropped);
        Assert.Contains("502", info.LastErrorMessage);
    }

    [Fact]
    public async Task AWebhookThatKeepsRefusingLosesTheUpdate()
    {
        await using var f = await BotApiFixture.StartAsync(o => o.WebhookRetryDelay = TimeSpan.FromMilliseconds(10));
        await using var hook = await WebhookReceiver.StartAsync();
        await f.Client.SetWebhook(hook.Url, secretToken: "right");
        hook.AnswerNext(401, 401, 401);

        var sent = await f.Api.UserSends(Token, UserChat, "hello");

        Assert.Equal(401, sent.WebhookStatus);
        Assert.Equal(1, f.Api.WebhookDropped);
    }

    [Fact]
    public async Task DeletingTheWebhookBringsBackPolling()
    {
        await using var f = await BotApiFixture.StartAsync();
        await f.Client.SetWebhook("https://gateway.example/telegram/main/webhook", secretToken: "x");

        await f.Client.DeleteWebhook();
        await f.Api.UserSends(Token, UserChat, "hello");

        Assert.Null(f.Api.WebhookUrl(Token));
        Assert.Single(await f.Client.GetUpdates());
    }

    [Fact]
    public async Task RefusesAWebhookSecretWithCharactersTelegramDoesNotAllow()
    {
        await using var f = await BotApiFixture.StartAsync();

        var refused = await Assert.ThrowsAsync<ApiRequestException>(() => f.Client.SetWebhook("https://gateway.example/hook", secretToken: "no spaces!"));

        Assert.Equal(400, refused.ErrorCode);
        Assert.Null(f.Api.WebhookUrl(Token));
    }

    [Fact]
    public async Task FailsTheNextCallsOfAnyMethodOnRequest()
    {
        await using var f = await BotApiFixture.StartAsync();
        await f.Api.UserSends(Token, UserChat, "hello");
        f.Api.FailNextCalls("getUpdates", 1, 502);

        var failed = await Assert.ThrowsAsync<ApiRequestException>(() => f.Client.GetUpdates());
        var updates = await f.Client.GetUpdates();

        Assert.Equal(502, failed.ErrorCode);
        Assert.Single(updates);
        Assert.Equal(1, f.Api.InjectedFailureCount);
    }
}
