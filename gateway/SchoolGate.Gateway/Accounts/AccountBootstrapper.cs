using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Accounts;

/// <summary>
/// Makes sure someone can sign in: the configured bootstrap region admin (Auth:BootstrapLogin,
/// for unattended installs, the demo and tests), or, on a gateway with no account at all, "admin"
/// with a one-time password printed once. Runs after the schema migration, before the API serves.
/// </summary>
public sealed class AccountBootstrapper(
    IOptions<AuthOptions> options, AccountStore accounts, AuditLog audit, IDbConnectionFactory db, ILogger<AccountBootstrapper> logger)
    : IHostedService
{
    public const string FirstLogin = "admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.BootstrapLogin;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (await accounts.FindByLoginAsync(configured, cancellationToken) is null
                && await CreateAsync(configured, options.Value.BootstrapPassword!, cancellationToken))
            {
                logger.LogInformation("Auth: created region admin '{Login}' (Auth:BootstrapLogin)", configured.Trim());
            }

            return;
        }

        if (await accounts.CountAsync(cancellationToken) > 0)
        {
            return;
        }

        var password = StaffPasswords.Generate();
        if (await CreateAsync(FirstLogin, password, cancellationToken))
        {
            // Printed once, at the first start of an empty gateway: the only way in until accounts
            // are made (or use `schoolgate-gateway admin create`). Change it after signing in.
            logger.LogWarning(
                "Auth: no staff account existed, so region admin '{Login}' was created with the one-time password {Password} . "
                + "Sign in and change it (POST /api/auth/password); it is not shown again",
                FirstLogin, password);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<bool> CreateAsync(string login, string password, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Null when another gateway instance on the same database made it first.
        var created = await accounts.CreateAsync(connection, transaction, login, null, StaffRoles.RegionAdmin, null, password);
        if (created is null)
        {
            return false;
        }

        await audit.RecordAsync(connection, transaction, AuditActor.Gateway, "create", "account", created.Id, null, null, created.ToAccount());
        await transaction.CommitAsync(ct);
        return true;
    }
}
