using Microsoft.AspNetCore.Authorization;

namespace SchoolGate.Gateway.Accounts;

/// <summary>
/// The authorization policies endpoints declare. Roles say what kind of thing an account may do;
/// which school's data it may touch is the tenancy rule of <see cref="StaffUser"/>, applied by
/// each endpoint (another school's ids answer 404, as if they did not exist).
/// </summary>
public static class StaffPolicies
{
    /// <summary>Any signed-in staff account (reads of its own school's people and cards).</summary>
    public const string Staff = "staff";

    /// <summary>Entrances, devices and passages: region and school admins, security officers.</summary>
    public const string Security = "security";

    /// <summary>Registering and changing people, cards, devices and accounts: region and school admins.</summary>
    public const string SchoolAdmin = "school-admin";

    /// <summary>Schools themselves and gateway-wide figures: region admins.</summary>
    public const string RegionAdmin = "region-admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Staff, p => p.RequireAuthenticatedUser().RequireRole(StaffRoles.All));
        options.AddPolicy(Security, p => p.RequireAuthenticatedUser()
            .RequireRole(StaffRoles.RegionAdmin, StaffRoles.SchoolAdmin, StaffRoles.SecurityOfficer));
        options.AddPolicy(SchoolAdmin, p => p.RequireAuthenticatedUser().RequireRole(StaffRoles.RegionAdmin, StaffRoles.SchoolAdmin));
        options.AddPolicy(RegionAdmin, p => p.RequireAuthenticatedUser().RequireRole(StaffRoles.RegionAdmin));
        // A bare RequireAuthorization() means "any staff account", not just "any authenticated principal".
        options.DefaultPolicy = options.GetPolicy(Staff)!;
    }
}
