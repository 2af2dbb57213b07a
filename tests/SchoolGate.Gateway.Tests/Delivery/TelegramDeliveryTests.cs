using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Simulator.Providers.Telegram;

namespace SchoolGate.Gateway.Tests.Delivery;

/// <summary>
/// Parent messages through the real Telegram.Bot client into a local Bot API that holds
/// Telegram's limits (30/s per bot, 1/s per chat, 429 with retry_after, 403 for a blocked chat).
/// </summary>
public sealed class TelegramDeliveryTests
{
    [Fact]
    public async Task ArrivalGoesIntoTheGuardiansTelegramChatAndIsDelivered()
    {
        await using var t = await TelegramDeliveryGateway.StartAsync();
        var s = await t.Gateway.SeedAsync();
        await t.LinkedGuardianAsync(s.StudentId, chatId: 5001);
        await using var device = await t.Gateway.ConnectAsync(s.DeviceId, s.Secret);

        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);

        await t.UntilAsync(() => t.Telegram.MessagesTo(5001).Count > 0, "the arrival in the chat");
        var message = Assert.Single(t.Telegram.MessagesTo(5001));
        Assert.Equal("Aruzhan: вход в школу в 07:52", message.Text);
        var row = Assert.Single(await Eventually.GetAsync(t.NotificationsAsync, n => n.All(m => m.Status == "delivered"), "the row delivered"));
        Assert.Equal("telegram", row.Channel);
    }

    [Fact]
    public async Task ChatThatBlockedTheBotIsMarkedAndTheMessageGoesBySms()
    {
        await using var t = await TelegramDeliveryGateway.StartAsync(withSms: true);
        var s = await t.Gateway.SeedAsync();
        await t.LinkedGuardianAsync(s.StudentId, chatId: 5002);
        t.Telegram.BlockChat(5002);
        await using var device = await t.Gateway.ConnectAsync(s.DeviceId, s.Secret);

        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);

        await t.UntilAsync(() => t.Smsc!.Messages.Count > 0, "the SMS instead");
        Assert.Equal("Aruzhan: вход в школу в 07:52", Assert.Single(t.Smsc!.Messages).Text);
        Assert.Equal(1, t.Telegram.ForbiddenCount);
        var row = Assert.Single(await Eventually.GetAsync(t.NotificationsAsync, n => n.All(m => m.Status == "sent"), "the row sent by SMS"));
        Assert.Equal("sms", row.Channel);
        Assert.Contains("403", row.Reason);
        Assert.NotNull(t.Gateway.Store.Scalar<long?>("SELECT telegram_blocked_at FROM guardians WHERE telegram_chat_id = 5002"));

        // The next message does not try the blocked chat again.
        await device.SendEventAsync(2, PassageTypes.Exited, s.CardId, 0);
        await t.UntilAsync(() => t.Smsc!.Messages.Count == 2, "the second SMS");
        Assert.Equal(1, t.Telegram.ForbiddenCount);
    }

    [Fact]
    public async Task RetryAfterFromTelegramIsWaitedOutAndTheMessageGoesAfterIt()
    {
        // The gateway is configured faster into one chat than Telegram allows: Telegram answers 429.
        await using var t = await TelegramDeliveryGateway.StartAsync(settings: "--Telegram:MessagesPerChatPerSecond=100");
        var s = await t.Gateway.SeedAsync();
        await t.LinkedGuardianAsync(s.StudentId, chatId: 5003);
        await using var device = await t.Gateway.ConnectAsync(s.DeviceId, s.Secret);
        var passages = new[] { (1L, PassageTypes.Entered), (2L, PassageTypes.Exited) };

        foreach (var (seq, type) in passages)
        {
            await device.SendEventAsync(seq, type, s.CardId, 0);
            await t.UntilAsync(() => t.Telegram.MessagesTo(5003).Count + t.Telegram.TooManyRequestsCount >= seq, $"event {seq} tried",
                clockStep: TimeSpan.FromMilliseconds(5));
        }

        Assert.Equal(1, t.Telegram.TooManyRequestsCount);
        var waiting = await Eventually.GetAsync(t.NotificationsAsync, n => n.Any(m => m.Status == "queued" && m.Reason is not null), "the wait recorded");
        Assert.Contains("429", Assert.Single(waiting, m => m.Status == "queued").Reason);

        // Telegram said "retry after 1 s": the engine sends it once that has passed, and only then.
        await t.UntilAsync(() => t.Telegram.MessagesTo(5003).Count == 2, "the retried message", clockStep: TimeSpan.FromMilliseconds(100));
        var messages = t.Telegram.MessagesTo(5003);
        Assert.True(messages[1].SentAt - messages[0].SentAt >= TimeSpan.FromSeconds(1));
        Assert.Equal(1, t.Telegram.TooManyRequestsCount);
    }

    [Fact]
    public async Task StoppingTheGatewayMidBatchLosesNothingAndSendsNothingTwice()
    {
        // Five a second: twenty guardians take four seconds of the test clock, so the stop finds
        // some sent, some in flight (Telegram answers slowly) and some still queued.
        await using var t = await TelegramDeliveryGateway.StartAsync(settings: "--Telegram:MessagesPerSecond=5");
        var s = await t.Gateway.SeedAsync();
        for (var chat = 6001; chat <= 6020; chat++)
        {
            await t.LinkedGuardianAsync(s.StudentId, chat);
        }

        await using var device = await t.Gateway.ConnectAsync(s.DeviceId, s.Secret);
        t.Telegram.DelaySends(TimeSpan.FromMilliseconds(300));
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
        await t.UntilAsync(() => t.Telegram.SentCount >= 5, "the first sends");

        await t.Gateway.RestartAsync();
        t.Telegram.DelaySends(TimeSpan.Zero);
        await t.UntilAsync(() => t.Telegram.SentCount >= 20, "every guardian's message", clockStep: TimeSpan.FromMilliseconds(200));

        for (var chat = 6001; chat <= 6020; chat++)
        {
            Assert.Single(t.Telegram.MessagesTo(chat));
        }

        var rows = await Eventually.GetAsync(t.NotificationsAsync, n => n.All(m => m.Status == "delivered"), "every row delivered");
        Assert.Equal(20, rows.Length);
    }

    [Fact]
    public async Task MessageInFlightWhenTheGatewayDiedIsNeverSentAgainButAnAlarmGoesBySms()
    {
        await using var t = await TelegramDeliveryGateway.StartAsync(withSms: true);
        var s = await t.Gateway.SeedAsync();
        var guardian = await t.LinkedGuardianAsync(s.StudentId, chatId: 7001);
        // A gateway that died mid-send leaves exactly this behind: rows marked 'sending', whose
        // requests may or may not have reached Telegram, claimed by an instance that is gone.
        var now = t.Gateway.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var lapsed = now - 1;
        t.Gateway.Store.Execute("""
            INSERT INTO notification_outbox (guardian_id, student_id, channel, text, created_at, status, dedupe_key, priority, claimed_by, claimed_until)
            VALUES (@guardian, @student, 'telegram', 'Aruzhan: вход в школу в 07:52', @now, 'sending', 'dead-1', 2, 'dead:1', @lapsed),
                   (@guardian, @student, 'telegram', 'Тревога: эвакуация школы', @now, 'sending', 'dead-2', 0, 'dead:1', @lapsed)
            """, new { guardian, student = s.StudentId, now, lapsed });

        await t.Gateway.RestartAsync();

        await t.UntilAsync(() => t.Smsc!.Messages.Count > 0, "the alarm by SMS");
        Assert.Equal("Тревога: эвакуация школы", Assert.Single(t.Smsc!.Messages).Text);
        Assert.Empty(t.Telegram.MessagesTo(7001));
        var rows = await Eventually.GetAsync(t.NotificationsAsync, n => n.Count(m => m.Status == "unknown") == 2, "both settled");
        Assert.All(rows.Where(r => r.Status == "unknown"), r => Assert.Contains("stopped while sending", r.Reason));
    }

    [Fact]
    public async Task GuardianWhoChoseADigestHearsOfTheDayAtDigestTimeInOneMessage()
    {
        await using var t = await TelegramDeliveryGateway.StartAsync();
        var s = await t.Gateway.SeedAsync();
        await t.LinkedGuardianAsync(s.StudentId, chatId: 5004);
        t.Gateway.Store.Execute("UPDATE guardians SET notify_mode = 'digest' WHERE telegram_chat_id = 5004");
        await using var device = await t.Gateway.ConnectAsync(s.DeviceId, s.Secret);

        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
        t.Gateway.Time.Advance(TimeSpan.FromHours(6));
        await device.SendEventAsync(2, PassageTypes.Exited, s.CardId, 0);
        var queued = await Eventually.GetAsync(t.NotificationsAsync, n => n.Length == 2, "both queued");

        Assert.All(queued, m => Assert.Equal("queued", m.Status));
        Assert.Empty(t.Telegram.MessagesTo(5004));
        // 19:00 in Almaty is 14:00 UTC; the test day starts at 07:52 (02:52 UTC).
        t.Gateway.Time.SetUtcNow(new DateTimeOffset(2025, 3, 10, 14, 0, 1, TimeSpan.Zero));
        await t.UntilAsync(() => t.Telegram.MessagesTo(5004).Count > 0, "the digest");
        Assert.Equal("Aruzhan: вход в школу в 07:52\nAruzhan: выход из школы в 13:52", Assert.Single(t.Telegram.MessagesTo(5004)).Text);
    }

    [Fact]
    public async Task SafetyMessageTelegramKeepsFailingGoesBySmsAfterTwoTries()
    {
        await using var t = await TelegramDeliveryGateway.StartAsync(withSms: true);
        var s = await t.Gateway.SeedAsync();
        var guardian = await t.LinkedGuardianAsync(s.StudentId, chatId: 7101);
        t.Telegram.FailNextSends(10, statusCode: 502);
        t.Gateway.Store.Execute("""
            INSERT INTO notification_outbox (guardian_id, student_id, channel, text, created_at, status, dedupe_key, priority)
            VALUES (@guardian, @student, 'telegram', 'Aruzhan: в автобусе, но не в школе', @now, 'queued', 'safety-1', 1)
            """, new { guardian, student = s.StudentId, now = t.Gateway.Time.GetUtcNow().ToUnixTimeMilliseconds() });

        // The first retry waits 5 s of the test clock.
        await t.UntilAsync(() => t.Smsc!.Messages.Count > 0, "the SMS after two failed tries", clockStep: TimeSpan.FromMilliseconds(500));

        Assert.Equal(2, t.Telegram.InjectedFailureCount);
        Assert.Equal("Aruzhan: в автобусе, но не в школе", Assert.Single(t.Smsc!.Messages).Text);
        var row = Assert.Single(await Eventually.GetAsync(t.NotificationsAsync, n => n.All(m => m.Status == "sent"), "the row sent by SMS"));
        Assert.Equal(("sms", 3L), (row.Channel, row.Attempts));
    }

    [Fact]
    public async Task EmergencyQueuedBehindAMorningGoesBeforeIt()
    {
        await using var t = await TelegramDeliveryGateway.StartAsync(settings: "--Telegram:MessagesPerSecond=2");
        var s = await t.Gateway.SeedAsync();
        var guardians = new List<long>();
        for (var chat = 8001; chat <= 8010; chat++)
        {
            guardians.Add(await t.LinkedGuardianAsync(s.StudentId, chat));
        }

        await using var device = await t.Gateway.ConnectAsync(s.DeviceId, s.Secret);
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
        await t.UntilAsync(() => t.Telegram.SentCount >= 2, "the first arrivals");
        t.Gateway.Store.Execute("""
            INSERT INTO notification_outbox (guardian_id, student_id, channel, text, created_at, status, dedupe_key, priority)
            VALUES (@guardian, @student, 'telegram', 'Тревога: эвакуация школы', @now, 'queued', 'alarm-1', 0)
            """, new { guardian = guardians[^1], student = s.StudentId, now = t.Gateway.Time.GetUtcNow().ToUnixTimeMilliseconds() });

        await t.UntilAsync(() => t.Telegram.MessagesTo(8010).Any(m => m.Text.Contains("Тревога")), "the alarm",
            clockStep: TimeSpan.FromMilliseconds(100));

        // Two a second: the alarm went with the next token, ahead of the arrivals still queued.
        Assert.True(t.Telegram.SentCount <= 4, $"{t.Telegram.SentCount} messages went before the alarm");
    }
}
