namespace SchoolGate.Gateway.Roster;

public static class RosterExtensions
{
    /// <summary>Classes under <c>/api/schools/{id}/classes</c>, a student's class under <c>/api/students/{id}/class</c>.</summary>
    public static RouteGroupBuilder MapRosterApi(this RouteGroupBuilder api)
    {
        api.MapGroup("/schools/{id:long}").WithTags("Classes").MapClassesApi();
        api.MapStudentClassApi();
        return api;
    }
}
