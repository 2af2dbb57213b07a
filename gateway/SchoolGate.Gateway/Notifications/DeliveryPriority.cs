namespace SchoolGate.Gateway.Notifications;

/// <summary>
/// The order parent messages go out in, lowest first: an emergency never waits behind anything,
/// a safety alert (on a bus but not at school, absent) never behind the morning's arrivals, and
/// canteen purchases wait for everything else. Quiet hours and digests hold only the last two.
/// </summary>
public static class DeliveryPriority
{
    public const int Emergency = 0;
    public const int Safety = 1;
    public const int Attendance = 2;
    public const int Canteen = 3;

    public static bool IsUrgent(int priority) => priority <= Safety;

    public static string Name(int priority) => priority switch
    {
        Emergency => "emergency",
        Safety => "safety",
        Attendance => "attendance",
        Canteen => "canteen",
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, "unknown priority"),
    };

    public static IReadOnlyList<int> All { get; } = [Emergency, Safety, Attendance, Canteen];
}
