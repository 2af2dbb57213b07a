using Microsoft.Extensions.DependencyInjection;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Simulator.Demo;

/// <summary>
/// The region admin the demo seeds its school as, on its embedded gateway: created on the first
/// run, given a fresh password on every run (also with a --store kept from an earlier run), which
/// the demo prints so a person can sign in to the dashboard.
/// </summary>
public static class DemoAccount
{
    public const string Login = "demo";

    public static async Task<string> PrepareAsync(IServiceProvider gateway, CancellationToken ct)
    {
        var password = StaffPasswords.Generate();
        var accounts = gateway.GetRequiredService<AccountStore>();
        var db = gateway.GetRequiredService<IDbConnectionFactory>();
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await accounts.FindByLoginAsync(Login, ct) is { } existing)
        {
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
        return password;
    }
}
