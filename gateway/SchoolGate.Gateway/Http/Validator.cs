using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Http;

/// <summary>Collects field errors of one request body; names are the JSON (camelCase) names.</summary>
public sealed class Validator
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IDictionary<string, string[]> Errors => _errors;

    public Validator Required(string field, string? value, int maxLength = 100)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{field} is required.");
        }
        else if (value.Length > maxLength)
        {
            Add(field, $"{field} must be at most {maxLength} characters.");
        }

        return this;
    }

    public Validator Optional(string field, string? value, int maxLength = 100)
    {
        if (value is not null && value.Length > maxLength)
        {
            Add(field, $"{field} must be at most {maxLength} characters.");
        }

        return this;
    }

    public Validator PositiveId(string field, long? value)
    {
        if (value is null or <= 0)
        {
            Add(field, $"{field} is required and must be a positive id.");
        }

        return this;
    }

    /// <summary>Card and device ids travel in topic names and hand-written JSON: small alphabet only.</summary>
    public Validator WireId(string field, string? value)
    {
        if (!DeviceIds.IsValid(value))
        {
            Add(field, $"{field} must be 1-{DeviceIds.MaxLength} characters of A-Z a-z 0-9 - _ . :");
        }

        return this;
    }

    public Validator OptionalWireId(string field, string? value) => value is null ? this : WireId(field, value);

    public Validator OneOf(string field, string? value, params string[] allowed)
    {
        if (value is null || !allowed.Contains(value, StringComparer.Ordinal))
        {
            Add(field, $"{field} must be one of: {string.Join(", ", allowed)}.");
        }

        return this;
    }

    /// <summary>The page size of a list endpoint's <c>limit</c> query value (absent = the endpoint's default).</summary>
    public Validator Limit(int? limit) => Check(limit is null or (>= 1 and <= 1000), "limit", "limit must be between 1 and 1000.");

    public Validator Check(bool condition, string field, string message)
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
