using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Csv;
using SchoolGate.Gateway.Notifications;
using SchoolGate.Gateway.Students;

namespace SchoolGate.Gateway.Roster;

/// <summary>One data row of a roster file, checked on its own (what needs the database is the importer's).</summary>
/// <param name="Line">The row as the spreadsheet numbers it: the header is 1, the first student 2.</param>
public sealed record RosterRow(int Line, string ClassName, string StudentNumber, string FirstName, string LastName,
    RosterGuardian? Guardian, IReadOnlyList<string> CardIds, List<RosterRowError> Errors);

public sealed record RosterGuardian(string FirstName, string LastName, string Phone, string? Language);

/// <summary>
/// The columns of a roster file and the checks of each row: the header names the columns (any
/// order, case and spacing: "Student first name" is student_first_name); a column the importer does
/// not know is refused rather than ignored (a misspelt "guardian_phnoe" would silently drop every
/// phone). Several cards go in one cell separated by spaces or '|'.
/// </summary>
public static class RosterFile
{
    public const string Class = "class";
    public const string StudentNumber = "student_number";
    public const string StudentFirstName = "student_first_name";
    public const string StudentLastName = "student_last_name";
    public const string GuardianFirstName = "guardian_first_name";
    public const string GuardianLastName = "guardian_last_name";
    public const string GuardianPhone = "guardian_phone";
    public const string GuardianLanguage = "guardian_language";
    public const string CardIds = "card_ids";

    public static IReadOnlyList<string> Required { get; } = [Class, StudentNumber, StudentFirstName, StudentLastName];

    public static IReadOnlyList<string> All { get; } =
        [Class, StudentNumber, StudentFirstName, StudentLastName, GuardianFirstName, GuardianLastName, GuardianPhone, GuardianLanguage, CardIds];

    public const int MaxNameLength = 100;
    public const int MaxClassLength = 20;
    public const int MaxStudentNumberLength = 64;

    /// <summary>Column name -> index, or the header's problems.</summary>
    public static (Dictionary<string, int> Columns, List<string> Errors) Header(CsvRecord header)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<string>();
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var name = string.Join('_', header.Fields[i].Trim().ToLowerInvariant().Split([' ', '-', '_'], StringSplitOptions.RemoveEmptyEntries));
            if (!All.Contains(name))
            {
                errors.Add($"Unknown column '{header.Fields[i]}' (column {i + 1}); the columns are: {string.Join(", ", All)}.");
            }
            else if (!columns.TryAdd(name, i))
            {
                errors.Add($"Column '{name}' is given twice.");
            }
        }

        errors.AddRange(Required.Where(r => !columns.ContainsKey(r)).Select(r => $"Column '{r}' is required."));
        return (columns, errors);
    }

    public static RosterRow Row(int rowNumber, CsvRecord record, Dictionary<string, int> columns, int headerWidth)
    {
        var errors = new List<RosterRowError>();
        string Cell(string column) =>
            columns.TryGetValue(column, out var index) && index < record.Fields.Count ? record.Fields[index].Trim() : "";

        void Need(string column, string value, int max)
        {
            if (value.Length == 0)
            {
                errors.Add(new(column, $"{column} is required."));
            }
            else if (value.Length > max)
            {
                errors.Add(new(column, $"{column} must be at most {max} characters."));
            }
        }

        if (record.Fields.Count > headerWidth)
        {
            errors.Add(new("row", $"The row has {record.Fields.Count} fields, the header {headerWidth} (a value with the delimiter in it must be quoted)."));
        }

        var (className, number, first, last) = (Cell(Class), Cell(StudentNumber), Cell(StudentFirstName), Cell(StudentLastName));
        Need(Class, className, MaxClassLength);
        Need(StudentNumber, number, MaxStudentNumberLength);
        Need(StudentFirstName, first, MaxNameLength);
        Need(StudentLastName, last, MaxNameLength);

        RosterGuardian? guardian = null;
        var (gFirst, gLast, gPhone, gLanguage) = (Cell(GuardianFirstName), Cell(GuardianLastName), Cell(GuardianPhone), Cell(GuardianLanguage));
        if (gFirst.Length + gLast.Length + gPhone.Length + gLanguage.Length > 0)
        {
            Need(GuardianFirstName, gFirst, MaxNameLength);
            Need(GuardianLastName, gLast, MaxNameLength);
            string? phone = null;
            if (gPhone.Length == 0)
            {
                errors.Add(new(GuardianPhone, $"{GuardianPhone} is required for a guardian (it is how a guardian is found again)."));
            }
            else if (!PhoneNumbers.TryNormalize(gPhone, out phone))
            {
                errors.Add(new(GuardianPhone, PhoneNumbers.Invalid.Replace("phone", GuardianPhone, StringComparison.Ordinal)));
            }

            var language = gLanguage.Length == 0 ? null : gLanguage.ToLowerInvariant();
            if (language is not null && !MessageTemplates.IsSupported(language))
            {
                errors.Add(new(GuardianLanguage, $"{GuardianLanguage} must be one of: {string.Join(", ", MessageTemplates.Languages)}."));
            }

            guardian = phone is null ? null : new RosterGuardian(gFirst, gLast, phone, language);
        }

        var cards = Cell(CardIds).Split([' ', '|'], StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        foreach (var card in cards.Where(c => !DeviceIds.IsValid(c)))
        {
            errors.Add(new(CardIds, $"Card '{card}' must be 1-{DeviceIds.MaxLength} characters of A-Z a-z 0-9 - _ . :"));
        }

        return new RosterRow(rowNumber, className.ToUpperInvariant(), number, first, last, guardian, cards, errors);
    }

    /// <summary>What only the file as a whole shows: a student number or a card on two rows.</summary>
    public static void CheckAcrossRows(IReadOnlyList<RosterRow> rows)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var cards = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.StudentNumber.Length > 0 && !numbers.TryAdd(row.StudentNumber, row.Line))
            {
                row.Errors.Add(new(StudentNumber, $"Student number '{row.StudentNumber}' is also on row {numbers[row.StudentNumber]}."));
            }

            foreach (var card in row.CardIds.Where(c => !cards.TryAdd(c, row.Line)))
            {
                row.Errors.Add(new(CardIds, $"Card '{card}' is also on row {cards[card]}."));
            }
        }
    }
}
