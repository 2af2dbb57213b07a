using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using SchoolGate.Gateway.Ingestion;
using SchoolGate.Gateway.Journeys.Transport;
using SchoolGate.Gateway.Notifications.Telegram;

namespace SchoolGate.Gateway.Journeys;

public static class JourneysExtensions
{
    /// <summary>
    /// Journeys (buses): the transport registry, the operators' keys and tap intake, bus taps from
    /// both sources as journey events with their parent messages, the "on the bus but not at school"
    /// cross-rule and its check, and the bus part of a child's timeline.
    /// </summary>
    public static WebApplicationBuilder AddJourneys(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JourneyOptions>()
            .Bind(builder.Configuration.GetSection(JourneyOptions.Section))
            .Validate(o => o.AlertAfterMinutes is >= JourneySettings.MinAlertAfterMinutes and <= JourneySettings.MaxAlertAfterMinutes,
                $"{JourneyOptions.Section}:{nameof(JourneyOptions.AlertAfterMinutes)} must be {JourneySettings.MinAlertAfterMinutes}-{JourneySettings.MaxAlertAfterMinutes}.")
            .Validate(o => o.NotifyWithinMinutes >= 1, $"{JourneyOptions.Section}:{nameof(JourneyOptions.NotifyWithinMinutes)} must be positive.")
            .Validate(o => o.CheckSeconds is >= 1 and <= 600, $"{JourneyOptions.Section}:{nameof(JourneyOptions.CheckSeconds)} must be 1-600.")
            .Validate(o => o.MaxTapsPerBatch is >= 1 and <= 10_000, $"{JourneyOptions.Section}:{nameof(JourneyOptions.MaxTapsPerBatch)} must be 1-10000.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SchoolMornings>();
        builder.Services.AddSingleton<JourneySettings>();
        builder.Services.AddSingleton<JourneyRecorder>();
        builder.Services.AddSingleton<JourneyAlerts>();
        builder.Services.AddSingleton<IEventProjection, JourneyProjection>();
        builder.Services.AddSingleton<IEventProjection, JourneyEntryProjection>();
        builder.Services.AddSingleton<JourneyAlertChecker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JourneyAlertChecker>());
        builder.Services.AddSingleton<ITimelineSource, BusTimeline>();

        builder.Services.AddSingleton<TransportKeys>();
        builder.Services.AddSingleton<TapIntake>();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, TransportKeyAuthentication>(TransportKeyAuthentication.SchemeName, null);
        builder.Services.Configure<AuthorizationOptions>(o => o.AddPolicy(TransportKeyAuthentication.Policy, p => p
            .AddAuthenticationSchemes(TransportKeyAuthentication.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(TransportKeyAuthentication.OperatorClaim)));
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", TransportOpenApi.Apply);
        return builder;
    }

    /// <summary>The staff API of journeys, on the authorized /api group.</summary>
    public static RouteGroupBuilder MapJourneysApi(this RouteGroupBuilder api)
    {
        // The registry is read by school admins and kept by region admins (each write names its policy).
        var transport = api.MapGroup("/transport").WithTags("Transport").RequireAuthorization(Accounts.StaffPolicies.SchoolAdmin);
        transport.MapTransportRegistryApi();
        transport.MapBusValidatorsApi();
        transport.MapTransportKeysApi();
        api.MapJourneyAlertsApi();
        api.MapStudentTimelineApi();
        return api;
    }
}
