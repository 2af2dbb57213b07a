using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Mqtt;
using SchoolGate.Gateway.Store;

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

    public static RouteGroupBuilder MapAccessApi(this RouteGroupBuilder api)
    {
        api.MapGet("/access/recent", RecentAsync).WithTags("Access").RequireAuthorization(StaffPolicies.Security)
            .WithSummary("The latest taps and decisions (kept in memory, for the dashboard)");
        return api;
    }

    private static async Task<Ok<RecentDecision[]>> RecentAsync(int? limit, StaffUser user, RecentDecisions recent, IDbConnectionFactory db,
        CancellationToken ct)
    {
        HashSet<string>? devices = null;
        if (user.ScopeSchoolId is { } school)
        {
            await using var connection = await db.OpenAsync(ct);
            devices = [.. await connection.QueryAsync<string>("SELECT device_id FROM devices WHERE school_id = @school", new { school })];
        }

        return TypedResults.Ok(recent.Latest(Math.Clamp(limit ?? 20, 1, 100), devices is null ? null : devices.Contains));
    }
}
