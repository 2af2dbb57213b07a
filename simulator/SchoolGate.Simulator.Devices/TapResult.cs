namespace SchoolGate.Simulator.Devices;

/// <param name="Granted">The lane showed green and released the arm.</param>
/// <param name="Passed">The rotation sensor saw the child go through.</param>
/// <param name="Signal">The last indicator signal the child saw (IndicatorSignal constants).</param>
/// <param name="DecisionTime">From the tap to the green or red light.</param>
public sealed record TapResult(string CardId, bool Granted, bool Passed, int Signal, TimeSpan DecisionTime);
