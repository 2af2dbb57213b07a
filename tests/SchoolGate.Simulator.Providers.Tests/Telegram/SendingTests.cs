using System.Net;
using System.Text;
using SchoolGate.Simulator.Providers.Telegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.ReplyMarkups;
using static SchoolGate.Simulator.Providers.Tests.Telegram.BotApiFixture;

namespace SchoolGate.Simulator.Providers.Tests.Telegram;

public sealed class SendingTests
{
    [Fact]
    public async Task AcceptsAMessageAndRecordsItWithItsKeyboard()
    {
        await using var f = await BotApiFixture.StartAsync();
        var me = await f.Client.GetMe();
        var sent = await f.Client.SendMessage(UserChat, "Сәлем", replyMarkup: new InlineKeyboardMarkup(
            [[InlineKeyboardButton.WithCallbackData("Қазақша", "lang:kk"), InlineKeyboardButton.WithCallbackData("Русский", "lang:ru")]]));

        Assert.Equal(Username, me.Username);
        Assert.True(me.IsBot);
        Assert.Equal(UserChat, sent.Chat.Id);
        Assert.Equal("Сәлем", sent.Text);
        Assert.Equal(f.Time.GetUtcNow().ToUnixTimeSeconds(), new DateTimeOffset(sent.Date).ToUnixTimeSeconds());
        Assert.Equal("lang:ru", sent.ReplyMarkup!.InlineKeyboard.First().Last().CallbackData);
        var recorded = Assert.Single(f.Api.MessagesTo(UserChat));
        Assert.Equal(sent.MessageId, recorded.MessageId);
        Assert.Equal(f.Time.GetUtcNow(), recorded.SentAt);
        Assert.Equal("lang:kk", recorded.CallbackDataOf("Қазақша"));
        Assert.False(recorded.Paid);
        Assert.Equal(1, f.Api.SentCount);
    }

    [Fact]
    public async Task NumbersMessagesPerChat()
    {
        await using var f = await BotApiFixture.StartAsync(o => o.MessagesPerChatBurst = 10);
        var first = await f.Client.SendMessage(UserChat, "one");
        var second = await f.Client.SendMessage(UserChat, "two");
        var elsewhere = await f.Client.SendMessage(UserChat + 1, "one");

        Assert.Equal(first.MessageId + 1, second.MessageId);
        Assert.Equal(first.MessageId, elsewhere.MessageId);
        Assert.Equal(["one", "two"], f.Api.MessagesTo(UserChat).Select(m => m.Text));
    }

    [Fact]
    public async Task RefusesAnUnknownTokenWith401()
    {
        await using var f = await BotApiFixture.StartAsync();
        var stranger = f.ClientFor("999:not-a-bot-here");

        var refused = await Assert.ThrowsAsync<ApiRequestException>(() => stranger.SendMessage(UserChat, "hi"));

        Assert.Equal(401, refused.ErrorCode);
        Assert.Equal("Unauthorized", refused.Message);
        Assert.False(await stranger.TestApi());
    }

    [Fact]
    public async Task AnswersAnUnknownMethodWith404LikeTelegram()
    {
        await using var f = await BotApiFixture.StartAsync();
        using var http = new HttpClient();

        var response = await http.PostAsync($"{f.Api.BaseUrl}/bot{Token}/sendTelepathy", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"ok":false,"error_code":404,"description":"Not Found"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TakesFormBodiesAsTelegramDoes()
    {
        await using var f = await BotApiFixture.StartAsync();
        using var http = new HttpClient();

        var response = await http.PostAsync($"{f.Api.BaseUrl}/bot{Token}/sendmessage", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["chat_id"] = UserChat.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["text"] = "from a form",
            ["reply_markup"] = """{"inline_keyboard":[[{"text":"OK","callback_data":"ok"}]]}""",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var recorded = Assert.Single(f.Api.MessagesTo(UserChat));
        Assert.Equal("from a form", recorded.Text);
        Assert.Equal("ok", recorded.CallbackDataOf("OK"));
    }

    [Fact]
    public async Task RefusesAnEmptyTextOrAMissingChatWith400()
    {
        await using var f = await BotApiFixture.StartAsync();
        using var http = new HttpClient();

        var empty = await Assert.ThrowsAsync<ApiRequestException>(() => f.Client.SendMessage(UserChat, ""));
        var noChat = await http.PostAsync($"{f.Api.BaseUrl}/bot{Token}/sendMessage", new StringContent("""{"text":"x"}""", Encoding.UTF8, "application/json"));
        var broken = await http.PostAsync($"{f.Api.BaseUrl}/bot{Token}/sendMessage", new StringContent("""{"text":""", Encoding.UTF8, "application/json"));

        Assert.Equal(400, empty.ErrorCode);
        Assert.Equal("Bad Request: message text is empty", empty.Message);
        Assert.Equal(HttpStatusCode.BadRequest, noChat.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(0, f.Api.SentCount);
    }

    [Fact]
    public async Task RefusesASendToAChatThatBlockedTheBotWith403()
    {
        await using var f = await BotApiFixture.StartAsync();
        f.Api.BlockChat(UserChat);

        var refused = await Assert.ThrowsAsync<ApiRequestException>(() => f.Client.SendMessage(UserChat, "hello?"));

        Assert.Equal(403, refused.ErrorCode);
        Assert.Equal("Forbidden: bot was blocked by the user", refused.Message);
        Assert.Equal(1, f.Api.ForbiddenCount);
        Assert.Empty(f.Api.MessagesTo(UserChat));
    }

    [Fact]
    public async Task AUserWhoWritesAgainHasUnblockedTheBot()
    {
        await using var f = await BotApiFixture.StartAsync();
        f.Api.BlockChat(UserChat);
        await f.Api.UserSends(Token, UserChat, "/start");

        await f.Client.SendMessage(UserChat, "welcome back");

        Assert.Single(f.Api.MessagesTo(UserChat));
    }

    [Fact]
    public async Task FailsTheNextSendsOnRequestAndThenRecovers()
    {
        await using var f = await BotApiFixture.StartAsync(o => o.MessagesPerChatBurst = 10);
        f.Api.FailNextSends(2, 502);

        var first = await Assert.ThrowsAsync<ApiRequestException>(() => f.Client.SendMessage(UserChat, "1"));
        await Assert.ThrowsAsync<ApiRequestException>(() => f.Client.SendMessage(UserChat, "2"));
        await f.Client.SendMessage(UserChat, "3");

        Assert.Equal(502, first.ErrorCode);
        Assert.Equal(2, f.Api.InjectedFailureCount);
        Assert.Equal(["3"], f.Api.MessagesTo(UserChat).Select(m => m.Text));
    }

    [Fact]
    public async Task ADelayedAnswerTimesTheSenderOutAfterTheMessageWasDelivered()
    {
        await using var f = await BotApiFixture.StartAsync();
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };
        var client = f.ClientFor(Token, impatient);
        f.Api.DelaySends(TimeSpan.FromSeconds(30));

        var timedOut = await Assert.ThrowsAsync<RequestException>(() => client.SendMessage(UserChat, "did it arrive?"));

        Assert.Contains("timed out", timedOut.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Single(f.Api.MessagesTo(UserChat));
    }

    [Fact]
    public async Task EditsAMessageAndRefusesAnEditThatChangesNothing()
    {
        await using var f = await BotApiFixture.StartAsync();
        var sent = await f.Client.SendMessage(UserChat, "Choose", replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("A", "a")));

        var edited = await f.Client.EditMessageText(UserChat, sent.MessageId, "Chosen: A");
        var same = await Assert.ThrowsAsync<ApiRequestException>(() => f.Client.EditMessageText(UserChat, sent.MessageId, "Chosen: A"));
        var missing = await Assert.ThrowsAsync<ApiRequestException>(() => f.Client.EditMessageText(UserChat, sent.MessageId + 5, "?"));

        Assert.Equal("Chosen: A", edited.Text);
        var recorded = Assert.Single(f.Api.MessagesTo(UserChat));
        Assert.Equal("Chosen: A", recorded.Text);
        Assert.Empty(recorded.Buttons);
        Assert.NotNull(recorded.EditedAt);
        Assert.StartsWith("Bad Request: message is not modified", same.Message);
        Assert.Equal("Bad Request: message to edit not found", missing.Message);
        Assert.Equal(1, f.Api.EditCount);
    }
}
