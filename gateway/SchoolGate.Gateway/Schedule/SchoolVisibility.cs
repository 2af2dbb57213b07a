using System.Data.Common;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Schedule;

public static class SchoolVisibility
{
    /// <summary>The tenancy rule of the per-school endpoints: another school's id answers as if it did not exist.</summary>
    public static async Task<bool> SchoolVisibleAsync(this DbConnection connection, StaffUser user, long schoolId) =>
        user.CanSee(schoolId) && await connection.SchoolExistsAsync(schoolId);
}
