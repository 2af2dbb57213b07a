using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Http;

/// <summary>
/// Rules that DataAnnotations on the request records cannot state (query values, a rule that
/// depends on the caller, a default from configuration), collected per field; names are the JSON
/// (camelCase) names, as in the validation problems of the records.
/// </summary>
public sealed class FieldChecks
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IDictionary<string, string[]> Errors => _errors;

    public FieldChecks Optional(string field, string? value, int maxLength = 100)
    {
        if (value is not null && value.Length > maxLength)
        {
            Add(field, $"{field} must be at most {maxLength} characters.");
        }

        return this;
    }

    /// <summary>Card and device ids travel in topic names and hand-written JSON: small alphabet only.</summary>
    public FieldChecks WireId(string field, string? value)
    {
        if (!DeviceIds.IsValid(value))
        {
            Add(field, $"{field} must be 1-{DeviceIds.MaxLength} characters of A-Z a-z 0-9 - _ . :");
        }

        return this;
    }

    public FieldChecks OptionalWireId(string field, string? value) => value is null ? this : WireId(field, value);

    public FieldChecks OneOf(string field, string? value, params string[] allowed)
    {
        if (value is null || !allowed.Contains(value, StringComparer.Ordinal))
        {
            Add(field, $"{field} must be one of: {string.Join(", ", allowed)}.");
        }

        return this;
    }

    /// <summary>The page size of a list endpoint's <c>limit</c> query value (absent = the endpoint's default).</summary>
    public FieldChecks Limit(int? limit) => Check(limit is null or (>= 1 and <= 1000), "limit", "limit must be between 1 and 1000.");

    /// <summary>A card's validFrom/validUntil: school-local 'yyyy-MM-dd' (or absent), the end not before the start.</summary>
    public FieldChecks Validity(string? validFrom, string? validUntil)
    {
        var fromOk = Day(validFrom, out var from);
        var untilOk = Day(validUntil, out var until);
        return Check(fromOk, "validFrom", "validFrom must be a date in the form yyyy-MM-dd (or null).")
            .Check(untilOk, "validUntil", "validUntil must be a date in the form yyyy-MM-dd (or null).")
            .Check(!fromOk || !untilOk || from is null || until is null || until >= from, "validUntil", "validUntil must be on or after validFrom.");

        static bool Day(string? text, out DateOnly? day)
        {
            day = null;
            if (text is null)
            {
                return true;
            }

            var ok = DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var parsed);
            day = ok ? parsed : null;
            return ok;
        }
    }

    public FieldChecks Check(bool condition, string field, string message)
    {
        if (!condition)
        {
            Add(field, message);
        }

        return this;
    }

    private void Add(string field, string message) =>
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
}
