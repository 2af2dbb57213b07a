using Microsoft.Extensions.DependencyInjection;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Simulator.Demo;

/// <summary>
/// The region admin the demo seeds its school as, on its embedded gateway: the gateway creates it
/// at start (Auth:BootstrapLogin) with a password made for this run, which the demo prints so a
/// person can sign in to the dashboard. With a --store kept from an earlier run the account is
/// already there; it gets this run's password.
/// </summary>
public static class DemoAccount
{
    public const string Login = "demo";

    /// <summary>Settings that make the embedded gateway create the account (and sign tokens without a warning).</summary>
    public static string[] GatewayArgs(string password) =>
    [
        $"--Auth:BootstrapLogin={Login}", $"--Auth:BootstrapPassword={password}",
        $"--Auth:SigningKey={StaffPasswords.Generate()}{StaffPasswords.Generate()}",
    ];

    public static async Task PrepareAsync(IServiceProvider gateway, string password, CancellationToken ct)
    {
        var accounts = gateway.GetRequiredService<AccountStore>();
        var db = gateway.GetRequiredService<IDbConnectionFactory>();
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await accounts.FindByLoginAsync(Login, ct) is { } existing)
        {
            if (StaffPasswords.Verify(existing.PasswordHash, password))
            {
                return;
            }

            await accounts.SetPasswordAsync(connection, transaction, existing.Id, password);
            await gateway.GetRequiredService<AuditLog>().RecordAsync(connection, transaction, AuditActor.Gateway, "reset-password", "account",
                existing.Id, null, null, null);
        }
        else
        {
            var created = await accounts.CreateAsync(connection, transaction, Login, "Demo region admin", StaffRoles.RegionAdmin, null, password);
            await gateway.GetRequiredService<AuditLog>().RecordAsync(connection, transaction, AuditActor.Gateway, "create", "account",
                created!.Id, null, null, created.ToAccount());
        }

        await transaction.CommitAsync(ct);
    }
}
