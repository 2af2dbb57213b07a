using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;

namespace SchoolGate.Gateway.Journeys;

/// <summary>A school's own setting of the cross-rule, or the gateway's default (Journeys:AlertAfterMinutes).</summary>
public sealed class JourneySettings(IOptions<JourneyOptions> options)
{
    public const int MinAlertAfterMinutes = 5;
    public const int MaxAlertAfterMinutes = 240;

    public int DefaultAlertAfterMinutes => options.Value.AlertAfterMinutes;

    /// <summary>The school's minutes, or null when it uses the default.</summary>
    public static Task<long?> OwnAlertAfterMinutesAsync(DbConnection connection, DbTransaction? transaction, long schoolId) =>
        connection.ExecuteScalarAsync<long?>("SELECT alert_after_minutes FROM school_journey_settings WHERE school_id = @schoolId",
            new { schoolId }, transaction);

    public async Task<int> AlertAfterMinutesAsync(DbConnection connection, DbTransaction? transaction, long schoolId) =>
        (int)(await OwnAlertAfterMinutesAsync(connection, transaction, schoolId) ?? DefaultAlertAfterMinutes);
}
