using System.Data.Common;
using System.Text.Json;
using Dapper;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Audit;

/// <summary>
/// Appends to audit_log in the caller's transaction, so a write and its audit row commit or fail
/// together. Values are the API's own JSON shapes of the record before and after (never secrets:
/// callers pass the public record, not the row with hashes).
/// </summary>
public sealed class AuditLog(TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task RecordAsync(DbConnection connection, DbTransaction transaction, AuditActor actor, string action, string entity, object entityId,
        long? schoolId, object? oldValue, object? newValue) =>
        connection.ExecuteAsync("""
            INSERT INTO audit_log (at, actor_id, actor_login, actor_role, remote_address, school_id, action, entity, entity_id, old_value, new_value)
            VALUES (@at, @actorId, @actorLogin, @actorRole, @address, @schoolId, @action, @entity, @entityId, @oldValue, @newValue)
            """,
            new
            {
                at = time.NowMs(),
                actorId = actor.AccountId,
                actorLogin = actor.Login,
                actorRole = actor.Role,
                address = actor.RemoteAddress,
                schoolId,
                action,
                entity,
                entityId = Convert.ToString(entityId, System.Globalization.CultureInfo.InvariantCulture),
                oldValue = oldValue is null ? null : JsonSerializer.Serialize(oldValue, Json),
                newValue = newValue is null ? null : JsonSerializer.Serialize(newValue, Json),
            },
            transaction);
}
