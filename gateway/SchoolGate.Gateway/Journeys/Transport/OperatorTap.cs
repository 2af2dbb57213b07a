using System.Globalization;
using System.Text.Json;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Journeys.Transport;

/// <summary>One row of an operator's batch, read and checked.</summary>
/// <param name="LatE7">Degrees times 1e7, as the validators' own events carry them; null without a position.</param>
public sealed record OperatorTap(string TapId, string CardId, string Type, string Route, string? Vehicle, DateTimeOffset At, long? LatE7, long? LonE7);

/// <summary>Why a row was refused: the field (the JSON name) and what is wrong with it.</summary>
public sealed record TapProblem(string Field, string Error);

/// <summary>
/// Reads one tap of the intake's batch. Rows are read one by one from raw JSON, so a row with a
/// missing field or a value of the wrong type is answered on its own ("invalid", naming the field)
/// while the rest of the batch is stored. <c>at</c> is ISO-8601 with an offset or Z
/// ("2025-03-10T07:41:00+05:00"), or a number of unix milliseconds; a time without an offset is
/// refused (which zone would it be in?), as is one more than 7 days old or more than 5 minutes
/// ahead of the gateway's clock (the window the gateway trusts device clocks in).
/// </summary>
public static class OperatorTaps
{
    public const int MaxTapIdLength = 100;
    public const int MaxNumberLength = 20;

    public static (OperatorTap? Tap, TapProblem? Problem) Read(JsonElement row, DateTimeOffset now)
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            return Invalid("tap", "Each tap must be a JSON object.");
        }

        if (Text(row, "tapId", MaxTapIdLength, required: true, out var tapId) is { } badId)
        {
            return (null, badId);
        }

        if (Text(row, "cardId", DeviceIds.MaxLength, required: true, out var cardId) is { } badCard)
        {
            return (null, badCard);
        }

        if (!DeviceIds.IsValid(cardId))
        {
            return Invalid("cardId", $"cardId must be 1-{DeviceIds.MaxLength} characters of A-Z a-z 0-9 - _ . :");
        }

        if (Text(row, "type", 20, required: true, out var type) is { } badType)
        {
            return (null, badType);
        }

        if (type is not (PassageTypes.Boarded or PassageTypes.Alighted))
        {
            return Invalid("type", "type must be one of: boarded, alighted.");
        }

        if (Text(row, "route", MaxNumberLength, required: true, out var route) is { } badRoute)
        {
            return (null, badRoute);
        }

        if (Text(row, "vehicle", MaxNumberLength, required: false, out var vehicle) is { } badVehicle)
        {
            return (null, badVehicle);
        }

        if (Instant(row, now, out var at) is { } badAt)
        {
            return (null, badAt);
        }

        if (Position(row, out var lat, out var lon) is { } badPosition)
        {
            return (null, badPosition);
        }

        return (new OperatorTap(tapId!, cardId!, type!, route!, vehicle, at, lat, lon), null);
    }

    private static (OperatorTap?, TapProblem?) Invalid(string field, string error) => (null, new TapProblem(field, error));

    private static TapProblem? Text(JsonElement row, string field, int maxLength, bool required, out string? value)
    {
        value = null;
        if (!row.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return required ? new TapProblem(field, $"{field} is required.") : null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return new TapProblem(field, $"{field} must be a string.");
        }

        value = element.GetString()!.Trim();
        if (value.Length == 0 || value.Length > maxLength || value.Any(char.IsControl))
        {
            value = null;
            return new TapProblem(field, $"{field} must be 1-{maxLength} printable characters.");
        }

        return null;
    }

    private static TapProblem? Instant(JsonElement row, DateTimeOffset now, out DateTimeOffset at)
    {
        at = default;
        if (!row.TryGetProperty("at", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return new TapProblem("at", "at is required.");
        }

        if (element.ValueKind == JsonValueKind.Number)
        {
            if (!element.TryGetInt64(out var ms) || ms < 0 || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            {
                return new TapProblem("at", "at as a number must be whole unix milliseconds.");
            }

            at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
        else if (element.ValueKind != JsonValueKind.String
                 || !DateTime.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
                 || parsed.Kind == DateTimeKind.Unspecified
                 || !DateTimeOffset.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out at))
        {
            return new TapProblem("at", "at must be ISO-8601 with an offset or Z (e.g. 2025-03-10T07:41:00+05:00), or unix milliseconds.");
        }

        if (at < now.AddDays(-7) || at > now.AddMinutes(5))
        {
            return new TapProblem("at", "at must be within the last 7 days and not in the future.");
        }

        return null;
    }

    private static TapProblem? Position(JsonElement row, out long? lat, out long? lon)
    {
        (lat, lon) = (null, null);
        var hasLat = row.TryGetProperty("lat", out var latElement) && latElement.ValueKind != JsonValueKind.Null;
        var hasLon = row.TryGetProperty("lon", out var lonElement) && lonElement.ValueKind != JsonValueKind.Null;
        if (!hasLat && !hasLon)
        {
            return null;
        }

        if (hasLat != hasLon)
        {
            return new TapProblem(hasLat ? "lon" : "lat", "lat and lon come together, or neither.");
        }

        if (latElement.ValueKind != JsonValueKind.Number || !latElement.TryGetDouble(out var latitude) || latitude is < -90 or > 90)
        {
            return new TapProblem("lat", "lat must be a number of degrees from -90 to 90.");
        }

        if (lonElement.ValueKind != JsonValueKind.Number || !lonElement.TryGetDouble(out var longitude) || longitude is < -180 or > 180)
        {
            return new TapProblem("lon", "lon must be a number of degrees from -180 to 180.");
        }

        (lat, lon) = ((long)Math.Round(latitude * 1e7), (long)Math.Round(longitude * 1e7));
        return null;
    }
}
