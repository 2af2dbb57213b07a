namespace SchoolGate.Simulator.Planning;

/// <summary>One problem in a scenario, named by its field path (e.g. entrance.detectors.lanes).</summary>
public sealed record ScenarioError(string Path, string Message, int? Line = null)
{
    public override string ToString()
    {
        var where = Line is { } line && !Message.Contains($"line {line}", StringComparison.Ordinal) ? $" (line {line})" : "";
        return string.IsNullOrEmpty(Path) ? $"{Message}{where}" : $"{Path}: {Message}{where}";
    }
}

/// <summary>A scenario that cannot be simulated; carries every problem found, not just the first.</summary>
public sealed class ScenarioException(string source, IReadOnlyList<ScenarioError> errors)
    : Exception($"{source}: {errors.Count} problem(s): " + string.Join("; ", errors))
{
    public string ScenarioSource { get; } = source;

    public IReadOnlyList<ScenarioError> Errors { get; } = errors;
}
