using Dapper;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Accounts;

/// <param name="Prefix">The key's public part (its first characters), to tell keys apart in lists and logs.</param>
public sealed record StaffApiKey(long Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>Shown once, when the key is made: the gateway keeps only a hash of its secret part.</summary>
public sealed record NewStaffApiKey(long Id, string Name, string Prefix, string Key, DateTimeOffset CreatedAt);

/// <summary>
/// API keys for scripts and integrations: <c>sgk_{prefix}_{secret}</c>, acting as the account that
/// made them (same role, same school) until revoked or the account is disabled. Made and checked
/// as <see cref="ApiKeySecrets"/> says.
/// </summary>
public sealed class StaffApiKeys(IDbConnectionFactory db, TimeProvider time)
{
    public const string Marker = "sgk_";

    /// <summary>last_used_at is written at most this often per key, not on every request.</summary>
    private static readonly TimeSpan UsageResolution = TimeSpan.FromMinutes(1);

    private sealed record KeyRow(long Id, string Name, string Prefix, long CreatedAt, long? LastUsedAt, long? RevokedAt)
    {
        public StaffApiKey ToKey() => new(Id, Name, Prefix, UnixTime.FromMs(CreatedAt), UnixTime.FromMs(LastUsedAt), UnixTime.FromMs(RevokedAt));
    }

    /// <summary>A key and its account, read in one query (this runs on every request signed with a key).</summary>
    private sealed record Match(long KeyId, string SecretHash, long? LastUsedAt, long Id, string Login, string? DisplayName, string Role,
        long? SchoolId, string PasswordHash, string SecurityStamp, long CreatedAt, long? DisabledAt)
    {
        public StaffAccountRow Account => new(Id, Login, DisplayName, Role, SchoolId, PasswordHash, SecurityStamp, CreatedAt, DisabledAt);
    }

    public async Task<NewStaffApiKey> CreateAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction,
        long accountId, string name)
    {
        var issued = ApiKeySecrets.New(Marker);
        var now = time.NowMs();
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO staff_api_keys (account_id, name, prefix, secret_hash, created_at) VALUES (@accountId, @name, @prefix, @hash, @now)
            RETURNING id
            """,
            new { accountId, name, prefix = issued.Prefix, hash = issued.SecretHash, now }, transaction);
        return new NewStaffApiKey(id, name, issued.Prefix, issued.Key, UnixTime.FromMs(now));
    }

    public async Task<StaffApiKey[]> ListAsync(long accountId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<KeyRow>("""
            SELECT id AS Id, name AS Name, prefix AS Prefix, created_at AS CreatedAt, last_used_at AS LastUsedAt, revoked_at AS RevokedAt
            FROM staff_api_keys WHERE account_id = @accountId ORDER BY id
            """, new { accountId });
        return [.. rows.Select(r => r.ToKey())];
    }

    /// <summary>Revokes one of the account's keys; false when it has no such key.</summary>
    public async Task<bool> RevokeAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction,
        long accountId, long keyId) =>
        await connection.ExecuteAsync(
            "UPDATE staff_api_keys SET revoked_at = COALESCE(revoked_at, @now) WHERE id = @keyId AND account_id = @accountId",
            new { keyId, accountId, now = time.NowMs() }, transaction) > 0;

    /// <summary>The enabled account a presented key belongs to, or null (unknown, revoked, wrong secret, disabled account).</summary>
    public async Task<StaffAccountRow?> AuthenticateAsync(string presented, CancellationToken ct)
    {
        if (!ApiKeySecrets.TryParse(presented, out var prefix, out var secret))
        {
            return null;
        }

        await using var connection = await db.OpenAsync(ct);
        var match = await connection.QuerySingleOrDefaultAsync<Match>("""
            SELECT k.id AS KeyId, k.secret_hash AS SecretHash, k.last_used_at AS LastUsedAt,
                   a.id AS Id, a.login AS Login, a.display_name AS DisplayName, a.role AS Role, a.school_id AS SchoolId,
                   a.password_hash AS PasswordHash, a.security_stamp AS SecurityStamp, a.created_at AS CreatedAt, a.disabled_at AS DisabledAt
            FROM staff_api_keys k JOIN staff_accounts a ON a.id = k.account_id
            WHERE k.prefix = @prefix AND k.revoked_at IS NULL AND a.disabled_at IS NULL
            """, new { prefix });
        if (match is null || !ApiKeySecrets.Matches(secret, match.SecretHash))
        {
            return null;
        }

        var now = time.NowMs();
        if (match.LastUsedAt is not { } last || now - last >= UsageResolution.TotalMilliseconds)
        {
            await connection.ExecuteAsync("UPDATE staff_api_keys SET last_used_at = @now WHERE id = @KeyId", new { now, match.KeyId });
        }

        return match.Account;
    }
}
