using System.Data.Common;
using Dapper;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Journeys.Transport;

public sealed record TransportApiKey(long Id, long OperatorId, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt);

/// <summary>Shown once, when the key is made: the gateway keeps only a hash of its secret part.</summary>
public sealed record NewTransportApiKey(long Id, long OperatorId, string Name, string Prefix, string Key, DateTimeOffset CreatedAt);

/// <summary>The transport operator a request's key belongs to.</summary>
public sealed record TransportOperatorCaller(long OperatorId, string Name, long KeyId);

/// <summary>
/// A transport operator's API keys, <c>sgt_{prefix}_{secret}</c>: the operator's system signs its tap
/// uploads with one. Not a staff account: a key can do nothing but hand in its own operator's taps.
/// Issued and revoked by a region admin (audited); made and checked as <see cref="ApiKeySecrets"/> says.
/// </summary>
public sealed class TransportKeys(IDbConnectionFactory db, TimeProvider time)
{
    public const string Marker = "sgt_";

    private static readonly TimeSpan UsageResolution = TimeSpan.FromMinutes(1);

    private sealed record KeyRow(long Id, long OperatorId, string Name, string Prefix, long CreatedAt, long? LastUsedAt, long? RevokedAt)
    {
        public TransportApiKey ToKey() =>
            new(Id, OperatorId, Name, Prefix, UnixTime.FromMs(CreatedAt), UnixTime.FromMs(LastUsedAt), UnixTime.FromMs(RevokedAt));
    }

    private sealed record Match(long KeyId, string SecretHash, long? LastUsedAt, long OperatorId, string OperatorName);

    private const string SelectKey = """
        SELECT id AS Id, operator_id AS OperatorId, name AS Name, prefix AS Prefix, created_at AS CreatedAt, last_used_at AS LastUsedAt,
               revoked_at AS RevokedAt
        FROM transport_api_keys
        """;

    public async Task<NewTransportApiKey> CreateAsync(DbConnection connection, DbTransaction transaction, long operatorId, string name)
    {
        var issued = ApiKeySecrets.New(Marker);
        var now = time.NowMs();
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO transport_api_keys (operator_id, name, prefix, secret_hash, created_at) VALUES (@operatorId, @name, @prefix, @hash, @now)
            RETURNING id
            """,
            new { operatorId, name, prefix = issued.Prefix, hash = issued.SecretHash, now }, transaction);
        return new NewTransportApiKey(id, operatorId, name, issued.Prefix, issued.Key, UnixTime.FromMs(now));
    }

    public async Task<TransportApiKey[]> ListAsync(DbConnection connection, long operatorId) =>
        [.. (await connection.QueryAsync<KeyRow>(SelectKey + " WHERE operator_id = @operatorId ORDER BY id", new { operatorId })).Select(r => r.ToKey())];

    /// <summary>Revokes the operator's key (once: a second revoke keeps the first time); the key before, or null when there is no such key.</summary>
    public async Task<TransportApiKey?> RevokeAsync(DbConnection connection, DbTransaction transaction, long operatorId, long keyId)
    {
        var before = (await connection.QuerySingleOrDefaultAsync<KeyRow>(SelectKey + " WHERE id = @keyId AND operator_id = @operatorId",
            new { keyId, operatorId }, transaction))?.ToKey();
        if (before is not null)
        {
            await connection.ExecuteAsync("UPDATE transport_api_keys SET revoked_at = COALESCE(revoked_at, @now) WHERE id = @keyId",
                new { keyId, now = time.NowMs() }, transaction);
        }

        return before;
    }

    /// <summary>The operator a presented key belongs to, or null (not a transport key, unknown, revoked, wrong secret).</summary>
    public async Task<TransportOperatorCaller?> AuthenticateAsync(string presented, CancellationToken ct)
    {
        if (!presented.StartsWith(Marker, StringComparison.Ordinal) || !ApiKeySecrets.TryParse(presented, out var prefix, out var secret))
        {
            return null;
        }

        await using var connection = await db.OpenAsync(ct);
        var match = await connection.QuerySingleOrDefaultAsync<Match>("""
            SELECT k.id AS KeyId, k.secret_hash AS SecretHash, k.last_used_at AS LastUsedAt, o.id AS OperatorId, o.name AS OperatorName
            FROM transport_api_keys k JOIN transport_operators o ON o.id = k.operator_id
            WHERE k.prefix = @prefix AND k.revoked_at IS NULL
            """, new { prefix });
        if (match is null || !ApiKeySecrets.Matches(secret, match.SecretHash))
        {
            return null;
        }

        var now = time.NowMs();
        if (match.LastUsedAt is not { } last || now - last >= UsageResolution.TotalMilliseconds)
        {
            await connection.ExecuteAsync("UPDATE transport_api_keys SET last_used_at = @now WHERE id = @KeyId", new { now, match.KeyId });
        }

        return new TransportOperatorCaller(match.OperatorId, match.OperatorName, match.KeyId);
    }
}
