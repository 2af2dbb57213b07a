namespace SchoolGate.Gateway.Roster;

/// <param name="Column">The file's column the error is about (its header name), or "row" for the row as a whole.</param>
public sealed record RosterRowError(string Column, string Message);

/// <param name="Row">The record's line in the file (the header is line 1).</param>
/// <param name="Outcome">One of <see cref="RosterOutcomes"/>.</param>
/// <param name="StudentId">The student the row is (null on errors, and for a created student in a dry run: nothing was kept).</param>
public sealed record RosterRowResult(int Row, string? StudentNumber, string Outcome, long? StudentId, IReadOnlyList<RosterRowError> Errors);

public sealed record RosterImportCounts(int Rows, int Created, int Updated, int Unchanged, int Errors, int ClassesCreated,
    int GuardiansCreated, int GuardianLinksAdded, int CardsAdded);

/// <param name="Applied">True only for a real run without a single row error: then every row was written, else none.</param>
public sealed record RosterImportReport(long SchoolId, bool DryRun, bool Applied, string Delimiter, RosterImportCounts Counts,
    IReadOnlyList<RosterRowResult> Rows);

public static class RosterOutcomes
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Unchanged = "unchanged";
    public const string Error = "error";
}
