using System.Data.Common;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Ingestion;

/// <summary>What a projection needs to know about one newly stored event.</summary>
/// <param name="ConflictId">
/// Set when the event reused a stored (device, seq) with other content (a restarted seq counter)
/// and was kept in device_event_conflicts; it is still a real passage.
/// </param>
public sealed record StoredEvent(PassageEvent Event, DateTimeOffset ReceivedAt, EventDevice Device, EventStudent? Student,
    long? ConflictId = null)
{
    /// <summary>
    /// Names this event uniquely among everything ever stored, for dedupe keys of its effects. A
    /// conflict shares (device, seq) with the original, so its key adds the conflict id.
    /// </summary>
    public string SourceKey => ConflictId is { } id ? $"{Event.DeviceId}:{Event.Seq}:conflict-{id}" : $"{Event.DeviceId}:{Event.Seq}";

    /// <summary>
    /// When the passage happened. The device's own timestamp is used, because offline events can
    /// arrive hours later; it is trusted only within [received - 7 days, received + 5 min], since a
    /// controller whose clock never synced reports 1970 (or drifts ahead). Otherwise: receive time.
    /// </summary>
    public DateTimeOffset OccurredAt => OccurredAtOf(Event.Ts, ReceivedAt);

    /// <summary>The rule of <see cref="OccurredAt"/> for a stored row (device_ts, received_at), e.g. a parent's timeline.</summary>
    public static DateTimeOffset OccurredAtOf(long deviceTs, DateTimeOffset receivedAt)
    {
        if (!UnixTime.IsRepresentable(deviceTs))
        {
            return receivedAt;
        }

        var deviceTime = UnixTime.FromMs(deviceTs);
        var plausible = deviceTime >= receivedAt.AddDays(-7) && deviceTime <= receivedAt.AddMinutes(5);
        return plausible ? deviceTime : receivedAt;
    }
}

public sealed record EventDevice(string DeviceId, long SchoolId, string Kind);

public sealed record EventStudent(long Id, string FirstName, long SchoolId);

/// <summary>The open transaction an event is stored in, plus work to run only once it commits.</summary>
public sealed class EventScope(DbConnection connection, DbTransaction transaction)
{
    private readonly List<Action> _afterCommit = [];

    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    public int NotificationsQueued { get; set; }

    /// <summary>Log lines and wake-ups that must not happen for a rolled-back event.</summary>
    public void AfterCommit(Action action) => _afterCommit.Add(action);

    internal IReadOnlyList<Action> CommittedActions => _afterCommit;
}

/// <summary>
/// A downstream effect of an event (attendance, parent messages). Runs in the same transaction as
/// the event insert and only for the first copy of an event, so nothing is produced twice or lost.
/// </summary>
public interface IEventProjection
{
    Task ApplyAsync(StoredEvent stored, EventScope scope);
}
