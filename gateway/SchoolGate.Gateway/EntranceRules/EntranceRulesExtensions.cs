using SchoolGate.Gateway.Ingestion;

namespace SchoolGate.Gateway.EntranceRules;

public static class EntranceRulesExtensions
{
    public static WebApplicationBuilder AddEntranceRules(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AccessOverrides>();
        builder.Services.AddSingleton<IEventProjection, PresenceProjection>();
        return builder;
    }

    /// <summary>Rule settings and overrides under <c>/api/schools/{id}</c>; presence and temporary passes under <c>/api/students/{id}</c>.</summary>
    public static RouteGroupBuilder MapEntranceRulesApi(this RouteGroupBuilder api)
    {
        AccessOverrides.MapOverridesApi(api.MapGroup("/schools/{id:long}").WithTags("Entrance rules").MapSchoolRulesApi());
        api.MapPresenceApi();
        api.MapTemporaryPassesApi();
        return api;
    }
}
