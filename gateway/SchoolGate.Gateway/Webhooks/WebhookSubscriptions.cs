using System.Data.Common;
using Dapper;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Webhooks;

/// <summary>A subscription as the API shows it (never its secret).</summary>
/// <param name="ConsecutiveFailures">Failed attempts since the last success; at Webhooks:DisableAfterFailures it is disabled.</param>
/// <param name="RetryAt">While failing: when the next attempt may be made.</param>
/// <param name="DisabledAt">Set when the gateway gave up on the receiver (or null): no delivery is attempted or queued until it is re-enabled.</param>
public sealed record WebhookSubscription(long Id, long SchoolId, string Url, string[] Events, string? Description, DateTimeOffset CreatedAt,
    DateTimeOffset? SecretRotatedAt, long ConsecutiveFailures, DateTimeOffset? RetryAt, DateTimeOffset? DisabledAt, string? DisabledReason);

/// <summary>Reads subscriptions in their API shape, for the API and the audit trail alike.</summary>
public static class WebhookSubscriptions
{
    private sealed record Row(long Id, long SchoolId, string Url, string? Description, long CreatedAt, long? SecretRotatedAt,
        long ConsecutiveFailures, long? RetryAt, long? DisabledAt, string? DisabledReason);

    private const string Select = """
        SELECT id AS Id, school_id AS SchoolId, url AS Url, description AS Description, created_at AS CreatedAt,
               secret_rotated_at AS SecretRotatedAt, consecutive_failures AS ConsecutiveFailures, retry_at AS RetryAt,
               disabled_at AS DisabledAt, disabled_reason AS DisabledReason
        FROM webhook_subscriptions
        """;

    /// <summary>The subscription if it exists and <paramref name="scope"/> (null: every school) may see it.</summary>
    public static async Task<WebhookSubscription?> FindAsync(this DbConnection connection, long id, long? scope, DbTransaction? transaction = null) =>
        (await ListAsync(connection, "id = @id AND (@scope IS NULL OR school_id = @scope)", new { id, scope }, transaction)).SingleOrDefault();

    public static Task<WebhookSubscription[]> ListAsync(this DbConnection connection, long? schoolId, long? scope) =>
        ListAsync(connection, "(@schoolId IS NULL OR school_id = @schoolId) AND (@scope IS NULL OR school_id = @scope)", new { schoolId, scope }, null);

    private static async Task<WebhookSubscription[]> ListAsync(DbConnection connection, string where, object parameters, DbTransaction? transaction)
    {
        var rows = (await connection.QueryAsync<Row>($"{Select} WHERE {where} ORDER BY id", parameters, transaction)).ToList();
        // The same condition over the join: the events table has no id or school_id column of its own.
        var events = (await connection.QueryAsync<(long SubscriptionId, string Kind)>(
            $"SELECT e.subscription_id, e.kind FROM webhook_subscription_events e JOIN webhook_subscriptions ON id = e.subscription_id WHERE {where} ORDER BY e.kind",
            parameters, transaction)).ToLookup(e => e.SubscriptionId, e => e.Kind);
        return [.. rows.Select(r => new WebhookSubscription(r.Id, r.SchoolId, r.Url, [.. events[r.Id]], r.Description, UnixTime.FromMs(r.CreatedAt),
            UnixTime.FromMs(r.SecretRotatedAt), r.ConsecutiveFailures, UnixTime.FromMs(r.RetryAt), UnixTime.FromMs(r.DisabledAt), r.DisabledReason))];
    }
}
