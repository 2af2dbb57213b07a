namespace SchoolGate.Gateway.Accounts;

/// <summary>A staff account as the API shows it (never its password hash).</summary>
/// <param name="SchoolId">The account's school; null for a region admin.</param>
/// <param name="DisabledAt">When it was disabled; a disabled account cannot sign in and its sessions and keys stop working.</param>
public sealed record StaffAccount(long Id, string Login, string? DisplayName, string Role, long? SchoolId, DateTimeOffset CreatedAt,
    DateTimeOffset? DisabledAt);

/// <summary>A stored account row, with what sign-in needs.</summary>
public sealed record StaffAccountRow(long Id, string Login, string? DisplayName, string Role, long? SchoolId, string PasswordHash,
    string SecurityStamp, long CreatedAt, long? DisabledAt)
{
    public StaffAccount ToAccount() =>
        new(Id, Login, DisplayName, Role, SchoolId, Store.UnixTime.FromMs(CreatedAt), Store.UnixTime.FromMs(DisabledAt));

    public StaffUser ToUser() => new(Id, Login, Role, SchoolId);
}
