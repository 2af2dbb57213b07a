namespace SchoolGate.Simulator.Planning;

internal enum SimEventKind : byte
{
    ServiceEnd,
    ScreeningEnd,
}

/// <summary>A pending completion. Arrivals are not events: they are merged from a sorted array.</summary>
internal readonly record struct SimEvent(double Time, long Sequence, SimEventKind Kind, int Stage, int Server, int Child);
