namespace SchoolGate.Gateway.Accounts;

/// <summary>What a staff account may do is its role; every role but region-admin is bound to one school.</summary>
public static class StaffRoles
{
    public const string RegionAdmin = "region-admin";
    public const string SchoolAdmin = "school-admin";
    public const string SecurityOfficer = "security-officer";
    public const string CanteenOperator = "canteen-operator";

    public static IReadOnlyList<string> All { get; } = [RegionAdmin, SchoolAdmin, SecurityOfficer, CanteenOperator];

    /// <summary>True for the roles that belong to one school (all but region-admin).</summary>
    public static bool IsSchoolScoped(string role) => role != RegionAdmin;
}
