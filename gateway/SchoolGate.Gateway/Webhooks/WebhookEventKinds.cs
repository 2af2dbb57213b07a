using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Webhooks;

/// <summary>
/// The event kinds a subscription can ask for. A new kind is one more name here and one call of
/// <see cref="WebhookQueue.QueueAsync"/> from the feature that produces it, in the transaction
/// that records the fact.
/// </summary>
public static class WebhookEventKinds
{
    public const string PassageEntered = "passage." + PassageTypes.Entered;
    public const string PassageExited = "passage." + PassageTypes.Exited;

    public static IReadOnlyList<string> All { get; } = [PassageEntered, PassageExited];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);
}
