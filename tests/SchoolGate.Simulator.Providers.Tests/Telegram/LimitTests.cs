using Telegram.Bot;
using Telegram.Bot.Exceptions;
using static SchoolGate.Simulator.Providers.Tests.Telegram.BotApiFixture;

namespace SchoolGate.Simulator.Providers.Tests.Telegram;

public sealed class LimitTests
{
    [Fact]
    public async Task ASecondMessageIntoOneChatWithinASecondGets429WithRetryAfter()
    {
        await using var f = await BotApiFixture.StartAsync();
        await f.Client.SendMessage(UserChat, "first");

        var refused = await Assert.ThrowsAsync<ApiRequestException>(() => f.Client.SendMessage(UserChat, "second"));

        Assert.Equal(429, refused.ErrorCode);
        Assert.Equal("Too Many Requests: retry after 1", refused.Message);
        Assert.Equal(1, refused.Parameters?.RetryAfter);
        Assert.Equal(1, f.Api.TooManyRequestsCount);
        Assert.Equal(["first"], f.Api.MessagesTo(UserChat).Select(m => m.Text));
    }

    [Fact]
    public async Task AChatTakesTheNextMessageOnceItsSecondIsOver()
    {
        await using var f = await BotApiFixture.StartAsync();
        await f.Client.SendMessage(UserChat, "first");
        f.Time.Advance(TimeSpan.FromMilliseconds(999));
        await Assert.ThrowsAsync<ApiRequestException>(() => f.Client.SendMessage(UserChat, "too early"));

        f.Time.Advance(TimeSpan.FromMilliseconds(1));
        await f.Client.SendMessage(UserChat, "second");

        Assert.Equal(["first", "second"], f.Api.MessagesTo(UserChat).Select(m => m.Text));
    }

    [Fact]
    public async Task ABotSendsThirtyMessagesASecondAndTheThirtyFirstWaits()
    {
        await using var f = await BotApiFixture.StartAsync();
        for (var chat = 1; chat <= 30; chat++)
        {
            await f.Client.SendMessage(chat, "news");
        }

        var refused = await Assert.ThrowsAsync<ApiRequestException>(() => f.Client.SendMessage(31, "news"));
        f.Time.Advance(TimeSpan.FromMilliseconds(34));   // one thirtieth of a second, rounded up to whole ticks
        await f.Client.SendMessage(31, "news");

        Assert.Equal(429, refused.ErrorCode);
        Assert.Equal(1, refused.Parameters?.RetryAfter);
        Assert.Equal(31, f.Api.SentCount);
    }

    [Fact]
    public async Task ARefusalByTheBotLimitLeavesTheChatItsTurn()
    {
        await using var f = await BotApiFixture.StartAsync(o => o.MessagesPerSecond = 1);
        await f.Client.SendMessage(1, "takes the bot's only send");

        await Assert.ThrowsAsync<ApiRequestException>(() => f.Client.SendMessage(UserChat, "bot is busy"));
        f.Time.Advance(TimeSpan.FromSeconds(1));
        await f.Client.SendMessage(UserChat, "now");

        Assert.Equal(["now"], f.Api.MessagesTo(UserChat).Select(m => m.Text));
    }

    [Fact]
    public async Task PaidBroadcastGoesPastTheFreeLimitUpToItsOwn()
    {
        await using var f = await BotApiFixture.StartAsync(o => o.PaidMessagesPerSecond = 100);
        for (var chat = 1; chat <= 100; chat++)
        {
            await f.Client.SendMessage(chat, "alarm", allowPaidBroadcast: true);
        }

        var refused = await Assert.ThrowsAsync<ApiRequestException>(() => f.Client.SendMessage(101, "alarm", allowPaidBroadcast: true));
        await f.Client.SendMessage(101, "the free limit is untouched");

        Assert.Equal(429, refused.ErrorCode);
        Assert.Equal(100, f.Api.PaidSentCount);
        Assert.True(f.Api.MessagesTo(1).Single().Paid);
        Assert.False(f.Api.MessagesTo(101).Single().Paid);
    }

    [Fact]
    public async Task RetryAfterSaysHowManyWholeSecondsUntilTheNextSend()
    {
        await using var f = await BotApiFixture.StartAsync(o => o.MessagesPerChatPerSecond = 0.25);
        await f.Client.SendMessage(UserChat, "first");
        f.Time.Advance(TimeSpan.FromSeconds(1.5));

        var refused = await Assert.ThrowsAsync<ApiRequestException>(() => f.Client.SendMessage(UserChat, "second"));

        Assert.Equal(3, refused.Parameters?.RetryAfter);
    }
}
