using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Accounts;

/// <summary>Staff accounts in the store (their API keys: <see cref="StaffApiKeys"/>).</summary>
public sealed class AccountStore(IDbConnectionFactory db, TimeProvider time)
{
    internal const string SelectAccount = """
        SELECT id AS Id, login AS Login, display_name AS DisplayName, role AS Role, school_id AS SchoolId,
               password_hash AS PasswordHash, security_stamp AS SecurityStamp, created_at AS CreatedAt, disabled_at AS DisabledAt
        FROM staff_accounts
        """;

    /// <summary>Logins compare without case: "Aigerim" and "aigerim" are one account.</summary>
    public static string LoginKey(string login) => login.Trim().ToLowerInvariant();

    public static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public async Task<StaffAccountRow?> FindByLoginAsync(string login, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<StaffAccountRow>(SelectAccount + " WHERE login_key = @key", new { key = LoginKey(login) });
    }

    public async Task<StaffAccountRow?> FindAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await FindAsync(connection, null, id);
    }

    public static Task<StaffAccountRow?> FindAsync(DbConnection connection, DbTransaction? transaction, long id) =>
        connection.QuerySingleOrDefaultAsync<StaffAccountRow>(SelectAccount + " WHERE id = @id", new { id }, transaction);

    /// <summary>True while the session's account exists, is enabled and has not changed what it was granted.</summary>
    public async Task<bool> IsCurrentAsync(long id, string? stamp, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM staff_accounts WHERE id = @id AND security_stamp = @stamp AND disabled_at IS NULL",
            new { id, stamp }) > 0;
    }

    public async Task<long> CountAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM staff_accounts");
    }

    /// <summary>Inserts an account; null when the login is taken.</summary>
    public async Task<StaffAccountRow?> CreateAsync(DbConnection connection, DbTransaction? transaction,
        string login, string? displayName, string role, long? schoolId, string password)
    {
        var id = await connection.QuerySingleOrDefaultAsync<long?>("""
            INSERT INTO staff_accounts (login, login_key, display_name, role, school_id, password_hash, security_stamp, created_at)
            VALUES (@login, @key, @displayName, @role, @schoolId, @hash, @stamp, @now)
            ON CONFLICT DO NOTHING RETURNING id
            """,
            new
            {
                login = login.Trim(),
                key = LoginKey(login),
                displayName,
                role,
                schoolId,
                hash = StaffPasswords.Hash(password),
                stamp = NewStamp(),
                now = time.NowMs(),
            },
            transaction);
        return id is { } created ? await FindAsync(connection, transaction, created) : null;
    }

    public async Task SetPasswordAsync(DbConnection connection, DbTransaction? transaction, long id, string password) =>
        await connection.ExecuteAsync("UPDATE staff_accounts SET password_hash = @hash, security_stamp = @stamp WHERE id = @id",
            new { id, hash = StaffPasswords.Hash(password), stamp = NewStamp() }, transaction);

    public async Task SetDisabledAsync(DbConnection connection, DbTransaction? transaction, long id, bool disabled) =>
        await connection.ExecuteAsync("""
            UPDATE staff_accounts SET security_stamp = @stamp,
                disabled_at = CASE WHEN @disabled THEN COALESCE(disabled_at, @now) ELSE NULL END
            WHERE id = @id
            """,
            new { id, disabled, now = time.NowMs(), stamp = NewStamp() }, transaction);
}
