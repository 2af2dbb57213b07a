using SchoolGate.Gateway.Accounts;

namespace SchoolGate.Gateway.Audit;

/// <summary>Who makes a write and from where, as the audit trail records it.</summary>
public sealed record AuditActor(long? AccountId, string Login, string Role, string? RemoteAddress)
{
    /// <summary>The command line on the gateway's own machine (schoolgate-gateway admin ...).</summary>
    public static AuditActor CommandLine { get; } = new(null, "(command line)", "operator", "local");

    /// <summary>The gateway itself (a bootstrap account made at start).</summary>
    public static AuditActor Gateway { get; } = new(null, "(gateway)", "system", null);

    public static AuditActor From(HttpContext context)
    {
        var user = context.User.Identity?.IsAuthenticated == true ? StaffUser.From(context.User) : null;
        var address = Http.RemoteAddress.Of(context.Connection.RemoteIpAddress);
        return user is null
            ? new AuditActor(null, "(anonymous)", "none", address)
            : new AuditActor(user.AccountId, user.Login, user.Role, address);
    }

    public static ValueTask<AuditActor?> BindAsync(HttpContext context) => ValueTask.FromResult<AuditActor?>(From(context));
}
