using System.CommandLine;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Accounts;

/// <summary>
/// <c>schoolgate-gateway admin create --role region-admin --login NAME</c>: makes an account
/// straight in the store the gateway is configured with (same appsettings, environment and
/// <c>--Key=value</c> settings), migrating it first. The way in on a fresh install without the
/// one-time password, and the way back in when every admin is locked out.
/// </summary>
public static class AdminCommand
{
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", StaffRoles.All)}.", Required = true };
        role.AcceptOnlyFromAmong([.. StaffRoles.All]);
        var login = new Option<string>("--login") { Description = "Sign-in name (case does not matter).", Required = true };
        var school = new Option<long?>("--school") { Description = "School id; required for every role but region-admin." };
        var displayName = new Option<string?>("--display-name") { Description = "Full name shown to other staff." };
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the password from the first line of standard input instead of generating one.",
        };
        var create = new Command("create", "Create a staff account; prints the generated password once.")
        {
            role, login, school, displayName, passwordStdin,
        };
        // Anything else (--Store:Provider=postgres, --ConnectionStrings:SchoolGate=...) is gateway configuration.
        create.TreatUnmatchedTokensAsErrors = false;
        var exitCode = 0;
        create.SetAction(async (parse, ct) =>
        {
            exitCode = await CreateAsync(parse.GetValue(role)!, parse.GetValue(login)!, parse.GetValue(school), parse.GetValue(displayName),
                parse.GetValue(passwordStdin) ? input.ReadLine() : null, [.. parse.UnmatchedTokens], output, error, ct);
        });
        var root = new RootCommand("SchoolGate gateway administration.") { create };
        var parsed = root.Parse(args);
        var result = await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return result != 0 ? result : exitCode;
    }

    private static async Task<int> CreateAsync(string role, string login, long? schoolId, string? displayName, string? password,
        string[] settings, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (StaffRoles.IsSchoolScoped(role) != schoolId.HasValue)
        {
            await error.WriteLineAsync(schoolId.HasValue ? "A region-admin belongs to no school: omit --school." : $"A {role} needs --school.");
            return 2;
        }

        if (password is not null && StaffPasswords.Problem(password) is { } weak)
        {
            await error.WriteLineAsync(weak);
            return 2;
        }

        await using var app = GatewayApp.Create([.. settings, "--Logging:LogLevel:Default=Warning"]);
        var db = app.Services.GetRequiredService<IDbConnectionFactory>();
        await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(ct);
        await using var connection = await db.OpenAsync(ct);
        if (schoolId is { } id && !await connection.SchoolExistsAsync(id))
        {
            await error.WriteLineAsync($"School {id} does not exist ({db.Description}).");
            return 1;
        }

        var chosen = password ?? StaffPasswords.Generate();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var created = await app.Services.GetRequiredService<AccountStore>()
            .CreateAsync(connection, transaction, login, displayName, role, schoolId, chosen);
        if (created is null)
        {
            await error.WriteLineAsync($"An account with the login '{login.Trim()}' already exists ({db.Description}).");
            return 1;
        }

        await app.Services.GetRequiredService<AuditLog>()
            .RecordAsync(connection, transaction, AuditActor.CommandLine, "create", "account", created.Id, created.SchoolId, null, created.ToAccount());
        await transaction.CommitAsync(ct);
        await output.WriteLineAsync($"Created {role} '{created.Login}' (account {created.Id}) in {db.Description}.");
        if (password is null)
        {
            await output.WriteLineAsync($"Password (shown once): {chosen}");
        }

        return 0;
    }
}
