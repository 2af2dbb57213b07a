using System.Data.Common;
using Dapper;

namespace SchoolGate.Gateway.Roster;

/// <summary>
/// Applies checked roster rows to one school inside the caller's transaction, row by row (a later
/// row sees what an earlier one made: two siblings with one guardian make one guardian). A row
/// matches its student by the school's student number (students.external_id), its class by name,
/// its guardian by phone (E.164), its cards by id; what already matches is left alone, so the same
/// file twice changes nothing. The import adds and corrects; it never removes: a student, guardian
/// link or card missing from the file stays (leaving pupils are deactivated through the API).
/// A card of another student is the row's error, checked before the row writes anything.
/// </summary>
public sealed class RosterImporter(DbConnection connection, DbTransaction transaction, long schoolId, string defaultLanguage)
{
    private sealed record StudentRow(long Id, string FirstName, string LastName, long? ClassId);

    private sealed record CardOwner(long StudentId, string? ExternalId, long SchoolId);

    private sealed record ClassRow(long Id, string Name);

    private Dictionary<string, long>? _classes;

    public int ClassesCreated { get; private set; }

    public int GuardiansCreated { get; private set; }

    public int GuardianLinksAdded { get; private set; }

    public List<string> CardsAdded { get; } = [];

    public async Task<RosterRowResult> ApplyAsync(RosterRow row)
    {
        if (row.Errors.Count == 0)
        {
            await CheckCardsAsync(row);
        }

        if (row.Errors.Count > 0)
        {
            return new RosterRowResult(row.Line, NullIfEmpty(row.StudentNumber), RosterOutcomes.Error, null, row.Errors);
        }

        var classId = await ClassAsync(row.ClassName);
        var existing = await connection.QuerySingleOrDefaultAsync<StudentRow>("""
            SELECT id AS Id, first_name AS FirstName, last_name AS LastName, class_id AS ClassId FROM students
            WHERE school_id = @schoolId AND external_id = @StudentNumber
            """, new { schoolId, row.StudentNumber }, transaction);
        long studentId;
        var outcome = RosterOutcomes.Unchanged;
        if (existing is null)
        {
            studentId = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO students (school_id, first_name, last_name, active, external_id, class_id)
                VALUES (@schoolId, @FirstName, @LastName, 1, @StudentNumber, @classId) RETURNING id
                """, new { schoolId, row.FirstName, row.LastName, row.StudentNumber, classId }, transaction);
            outcome = RosterOutcomes.Created;
        }
        else
        {
            studentId = existing.Id;
            if (existing.FirstName != row.FirstName || existing.LastName != row.LastName || existing.ClassId != classId)
            {
                await connection.ExecuteAsync("UPDATE students SET first_name = @FirstName, last_name = @LastName, class_id = @classId WHERE id = @studentId",
                    new { row.FirstName, row.LastName, classId, studentId }, transaction);
                outcome = RosterOutcomes.Updated;
            }
        }

        var changed = false;
        if (row.Guardian is { } guardian)
        {
            changed |= await LinkGuardianAsync(studentId, guardian);
        }

        foreach (var card in row.CardIds)
        {
            var added = await connection.ExecuteAsync(
                "INSERT INTO cards (card_id, student_id, status) VALUES (@card, @studentId, 'active') ON CONFLICT DO NOTHING",
                new { card, studentId }, transaction);
            if (added > 0)
            {
                CardsAdded.Add(card);
                changed = true;
            }
        }

        if (changed && outcome == RosterOutcomes.Unchanged)
        {
            outcome = RosterOutcomes.Updated;
        }

        return new RosterRowResult(row.Line, row.StudentNumber, outcome, studentId, []);
    }

    private async Task CheckCardsAsync(RosterRow row)
    {
        foreach (var card in row.CardIds)
        {
            var owner = await connection.QuerySingleOrDefaultAsync<CardOwner>("""
                SELECT c.student_id AS StudentId, s.external_id AS ExternalId, s.school_id AS SchoolId
                FROM cards c JOIN students s ON s.id = c.student_id WHERE c.card_id = @card
                """, new { card }, transaction);
            if (owner is { } o && (o.SchoolId != schoolId || o.ExternalId != row.StudentNumber))
            {
                // Not moved silently: a card handed to the wrong child opens the entrance in their name.
                row.Errors.Add(new(RosterFile.CardIds, $"Card '{card}' belongs to another student; revoke it there first if it really changed hands."));
            }
        }
    }

    private async Task<long> ClassAsync(string name)
    {
        _classes ??= (await connection.QueryAsync<ClassRow>("SELECT id AS Id, name AS Name FROM classes WHERE school_id = @schoolId",
            new { schoolId }, transaction)).ToDictionary(c => c.Name, c => c.Id, StringComparer.Ordinal);
        if (_classes.TryGetValue(name, out var id))
        {
            return id;
        }

        // Shift 1 for a new class: the file has no shift, the classes API changes it.
        id = await connection.ExecuteScalarAsync<long>("INSERT INTO classes (school_id, name, shift) VALUES (@schoolId, @name, 1) RETURNING id",
            new { schoolId, name }, transaction);
        _classes[name] = id;
        ClassesCreated++;
        return id;
    }

    /// <summary>True when the student got a guardian link they did not have.</summary>
    private async Task<bool> LinkGuardianAsync(long studentId, RosterGuardian guardian)
    {
        // A number kept twice (the guardians API allows it) is the guardian registered first.
        var guardianId = await connection.ExecuteScalarAsync<long?>("SELECT MIN(id) FROM guardians WHERE phone = @Phone", guardian, transaction);
        if (guardianId is null)
        {
            guardianId = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO guardians (first_name, last_name, phone, language, school_id) VALUES (@FirstName, @LastName, @Phone, @language, @schoolId)
                RETURNING id
                """, new { guardian.FirstName, guardian.LastName, guardian.Phone, language = guardian.Language ?? defaultLanguage, schoolId },
                transaction);
            GuardiansCreated++;
        }

        var linked = await connection.ExecuteAsync(
            "INSERT INTO student_guardians (student_id, guardian_id) VALUES (@studentId, @guardianId) ON CONFLICT DO NOTHING",
            new { studentId, guardianId }, transaction);
        GuardianLinksAdded += linked;
        return linked > 0;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
