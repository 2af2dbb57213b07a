using SchoolGate.Gateway.Mqtt;

namespace SchoolGate.Gateway.Access;

public static class AccessExtensions
{
    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AccessOptions>(builder.Configuration.GetSection(AccessOptions.Section));
        builder.Services.AddSingleton<AccessDecider>();
        builder.Services.AddSingleton<RecentDecisions>();
        builder.Services.AddSingleton<IDeviceMessageHandler, AccessRequestHandler>();
        builder.Services.Configure<AccessListOptions>(builder.Configuration.GetSection(AccessListOptions.Section));
        builder.Services.AddSingleton<AccessListQueries>();
        builder.Services.AddSingleton<AccessListPublisher>();
        // Registered after the broker, so it starts after the broker has loaded retained messages.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AccessListPublisher>());
        return builder;
    }

    public static IEndpointRouteBuilder MapAccessApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/access").WithTags("Access")
            .MapGet("/recent", (int? limit, RecentDecisions recent) =>
                TypedResults.Ok(recent.Latest(Math.Clamp(limit ?? 20, 1, 100))));
        return app;
    }
}
