namespace SchoolGate.Gateway.Schedule;

public static class ScheduleExtensions
{
    public static WebApplicationBuilder AddSchedule(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SchoolCalendar>();
        builder.Services.AddSingleton<SchoolShifts>();
        return builder;
    }

    /// <summary>Shifts and the calendar under <c>/api/schools/{id}</c>.</summary>
    public static RouteGroupBuilder MapScheduleApi(this RouteGroupBuilder api)
    {
        api.MapGroup("/schools/{id:long}").WithTags("Schedule").MapShiftsApi().MapCalendarApi();
        return api;
    }
}
