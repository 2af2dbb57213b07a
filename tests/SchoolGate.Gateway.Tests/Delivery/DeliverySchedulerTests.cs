using SchoolGate.Gateway.Notifications;
using SchoolGate.Gateway.Notifications.Delivery;

namespace SchoolGate.Gateway.Tests.Delivery;

/// <summary>The scheduler alone, on a clock of plain milliseconds: which message goes when.</summary>
public sealed class DeliverySchedulerTests
{
    private static readonly LaneLimits Telegram = new(PerSecond: 30, PerRecipientPerSecond: 1);
    private long _nextId;

    [Fact]
    public void MessageQueuedWhileItsChatIsBeingWrittenToGoesOnceThatSendIsOver()
    {
        var scheduler = new DeliveryScheduler((_, _) => LaneLimits.Unlimited);
        scheduler.Add(Item("chat-1", DeliveryPriority.Attendance, 0), 0);
        var first = Assert.Single(scheduler.TakeReady(0));
        scheduler.Add(Item("chat-1", DeliveryPriority.Attendance, 0), 0);

        Assert.Empty(scheduler.TakeReady(0));
        scheduler.Complete(first, 0);
        var second = Assert.Single(scheduler.TakeReady(0));

        Assert.NotEqual(first.Carrier.Id, second.Carrier.Id);
    }

    [Fact]
    public void ChatGetsAtMostOneMessageASecondWhileOtherChatsAreServed()
    {
        var scheduler = new DeliveryScheduler((_, _) => Telegram);
        scheduler.Add(Item("chat-1", DeliveryPriority.Safety, 0), 0);
        scheduler.Add(Item("chat-1", DeliveryPriority.Safety, 0), 0);
        scheduler.Add(Item("chat-2", DeliveryPriority.Safety, 0), 0);

        var now = scheduler.TakeReady(0);
        foreach (var batch in now)
        {
            scheduler.Complete(batch, 10);
        }

        Assert.Equal(["chat-1", "chat-2"], now.Select(b => b.Recipient).Order());
        Assert.Empty(scheduler.TakeReady(1000));
        Assert.Equal(1001, scheduler.NextWakeMs(999));
        Assert.Equal("chat-1", Assert.Single(scheduler.TakeReady(1001)).Recipient);
    }

    [Fact]
    public void MessageQueuedJustAfterAChatGotOneWaitsForTheRestOfItsSecond()
    {
        var scheduler = new DeliveryScheduler((_, _) => Telegram, maxCoalesced: 1);
        scheduler.Add(Item("chat-1", DeliveryPriority.Attendance, 0), 0);
        scheduler.Complete(Assert.Single(scheduler.TakeReady(0)), 0);
        scheduler.Add(Item("chat-1", DeliveryPriority.Attendance, 300), 300);

        Assert.Empty(scheduler.TakeReady(300));
        Assert.Empty(scheduler.TakeReady(1000));
        Assert.Single(scheduler.TakeReady(1001));
    }

    [Fact]
    public void EmergencyQueuedBehindAFullMorningGoesFirst()
    {
        var scheduler = new DeliveryScheduler((_, _) => Telegram);
        for (var chat = 0; chat < 100; chat++)
        {
            scheduler.Add(Item($"chat-{chat}", DeliveryPriority.Attendance, 0), 0);
        }

        Assert.Equal(30, scheduler.TakeReady(0).Count);
        var alarm = Item("chat-99", DeliveryPriority.Emergency, 10);
        scheduler.Add(alarm, 10);

        var next = scheduler.TakeReady(scheduler.NextWakeMs(10)!.Value);
        Assert.Equal(alarm.Id, next[0].Carrier.Id);
    }

    [Fact]
    public void TwoChildrenOfOneGuardianGoAsOneMessageButAnAlarmGoesAlone()
    {
        var scheduler = new DeliveryScheduler((_, _) => Telegram);
        var arrived = Item("chat-1", DeliveryPriority.Attendance, 0, eligibleAt: 3000);
        var sibling = Item("chat-1", DeliveryPriority.Attendance, 1500, eligibleAt: 4500);
        var alarm = Item("chat-2", DeliveryPriority.Safety, 1500);
        scheduler.Add(arrived, 0);
        scheduler.Add(sibling, 1500);
        scheduler.Add(alarm, 1500);

        Assert.Equal(alarm.Id, Assert.Single(scheduler.TakeReady(1500)).Carrier.Id);
        var together = Assert.Single(scheduler.TakeReady(3000));

        Assert.Equal([arrived.Id, sibling.Id], together.Items.Select(i => i.Id));
    }

    [Fact]
    public void RetryAfterPausesTheChatAndTheLaneButNotAnUrgentMessage()
    {
        var scheduler = new DeliveryScheduler((_, _) => Telegram);
        scheduler.Add(Item("chat-1", DeliveryPriority.Attendance, 0), 0);
        var sent = Assert.Single(scheduler.TakeReady(0));
        scheduler.Complete(sent, 0);
        scheduler.Pause(sent, 5000, 0);
        scheduler.Retry(sent.Carrier, 5000, 0);
        scheduler.Add(Item("chat-2", DeliveryPriority.Attendance, 0), 0);
        scheduler.Add(Item("chat-3", DeliveryPriority.Safety, 0), 0);

        Assert.Equal("chat-3", Assert.Single(scheduler.TakeReady(100)).Recipient);
        Assert.Equal(["chat-1", "chat-2"], scheduler.TakeReady(5001).Select(b => b.Recipient).Order());
    }

    private DeliveryItem Item(string chat, int priority, long createdAt, long? eligibleAt = null) => new()
    {
        Id = ++_nextId,
        GuardianId = 1,
        StudentId = 1,
        Channel = "telegram",
        Lane = "bot",
        Recipient = chat,
        Text = $"message {_nextId}",
        Priority = priority,
        CreatedAtMs = createdAt,
        EligibleAtMs = eligibleAt ?? createdAt,
        Contact = new GuardianContact(1, "Gulnara", null, 1, "ru", "bot", null),
    };
}
