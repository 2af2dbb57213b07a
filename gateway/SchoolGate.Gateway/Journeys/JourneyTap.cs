namespace SchoolGate.Gateway.Journeys;

public static class JourneySources
{
    /// <summary>A bus validator running SchoolGate firmware, over MQTT.</summary>
    public const string Device = "device";

    /// <summary>The transport operator's own system, over the HTTPS intake.</summary>
    public const string Operator = "operator";
}

/// <summary>The child a card belongs to (an active card of an active student).</summary>
public sealed record JourneyStudent(long Id, string FirstName, long SchoolId);

/// <summary>
/// One bus tap of a known child, from either source, as it becomes a journey event.
/// </summary>
/// <param name="SourceKey">Unique among all journey events: the MQTT event's SourceKey, or "operator:{id}:{tapId}".</param>
public sealed record JourneyTap(JourneyStudent Student, string Type, string? Route, string? Vehicle, long? LatE7, long? LonE7,
    DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, string Source, string? DeviceId, long? OperatorId, string SourceKey);
