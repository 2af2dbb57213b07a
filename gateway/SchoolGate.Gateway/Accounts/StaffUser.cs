using System.Security.Claims;

namespace SchoolGate.Gateway.Accounts;

/// <summary>
/// The signed-in account as endpoints see it, from the principal's claims. The tenancy rule lives
/// here: a region admin sees every school, anyone else only their own.
/// </summary>
public sealed record StaffUser(long AccountId, string Login, string Role, long? SchoolId)
{
    public const string SchoolClaim = "school_id";
    public const string StampClaim = "stamp";

    public bool IsRegionWide => Role == StaffRoles.RegionAdmin;

    /// <summary>The school a query is limited to, or null for "every school" (region admin).</summary>
    public long? ScopeSchoolId => IsRegionWide ? null : SchoolId;

    public bool CanSee(long schoolId) => IsRegionWide || SchoolId == schoolId;

    public static StaffUser From(ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The request is not authenticated as a staff account.");
        var school = principal.FindFirstValue(SchoolClaim);
        return new StaffUser(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture),
            principal.FindFirstValue(ClaimTypes.Name) ?? "",
            principal.FindFirstValue(ClaimTypes.Role) ?? "",
            school is null ? null : long.Parse(school, System.Globalization.CultureInfo.InvariantCulture));
    }

    public static ValueTask<StaffUser?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<StaffUser?>(context.User.Identity?.IsAuthenticated == true ? From(context.User) : null);
}
