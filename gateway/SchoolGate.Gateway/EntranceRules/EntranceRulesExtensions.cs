namespace SchoolGate.Gateway.EntranceRules;

public static class EntranceRulesExtensions
{
    public static WebApplicationBuilder AddEntranceRules(this WebApplicationBuilder builder) => builder;

    public static RouteGroupBuilder MapEntranceRulesApi(this RouteGroupBuilder api)
    {
        api.MapGroup("/schools/{id:long}").WithTags("Entrance rules").MapSchoolRulesApi();
        return api;
    }
}
