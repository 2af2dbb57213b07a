using SchoolGate.Gateway.Access;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Biometrics;
using SchoolGate.Gateway.Cards;
using SchoolGate.Gateway.Devices;
using SchoolGate.Gateway.Diagnostics;
using SchoolGate.Gateway.EntranceRules;
using SchoolGate.Gateway.Ingestion;
using SchoolGate.Gateway.Journeys;
using SchoolGate.Gateway.Journeys.Transport;
using SchoolGate.Gateway.Mqtt;
using SchoolGate.Gateway.Notifications;
using SchoolGate.Gateway.Notifications.Telegram;
using SchoolGate.Gateway.Notifications.Sms;
using SchoolGate.Gateway.Roster;
using SchoolGate.Gateway.Schedule;
using SchoolGate.Gateway.Schools;
using SchoolGate.Gateway.Store;
using SchoolGate.Gateway.Students;
using SchoolGate.Gateway.Webhooks;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Http;

namespace SchoolGate.Gateway;

public static class GatewayApp
{
    /// <summary>
    /// Builds the whole gateway: store, staff accounts, embedded MQTT broker, device features,
    /// the API, OpenAPI and dashboard. <paramref name="configure"/> lets tests swap services (e.g. a
    /// fake TimeProvider) before the app is built.
    /// </summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(GatewayApp).Assembly.GetName().Name,
            // Tests and `dotnet run` start from different folders: serve wwwroot and read
            // appsettings.json from the app's own folder.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ValidationProblemNames.CamelCase);
        // Field rules are DataAnnotations on the request records, checked before a handler runs.
        builder.Services.AddValidation();
        builder.Services.AddExceptionHandler<Http.BadRequestExceptionHandler>();
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi(Http.OpenApiConventions.Apply);
        // {"name":"a","name":"b"} is ambiguous (which one did the caller mean?): refused, as device payloads are.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.AllowDuplicateProperties = false);

        builder.AddGatewayStore();     // first: the schema exists before anything reads it
        builder.AddStaffAccounts();    // after the store: the first account is made once the schema is there
        builder.AddAudit();
        builder.AddMqttBroker();
        builder.AddDevices();
        builder.AddEventIngestion();
        builder.AddAccess();
        builder.AddBiometrics();
        builder.AddAttendance();
        builder.AddSchedule();
        builder.AddEntranceRules();
        builder.AddNotifications();
        builder.AddTelegramBot();
        builder.AddSms();
        builder.AddIntegratorWebhooks();
        builder.AddJourneys();
        builder.AddGatewayHealthChecks();
        builder.AddApiLimits();

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapOpenApi().RequireAuthorization(StaffPolicies.Staff);   // /openapi/v1.json
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "api-docs";
            ui.SwaggerEndpoint("/openapi/v1.json", "SchoolGate gateway v1");
        });

        // Closed by default: everything under /api needs a staff account, and each endpoint
        // names the policy (role) it needs on top; sign-in itself is the one way in.
        var api = app.MapGroup("/api").RequireAuthorization(StaffPolicies.Staff).RequireRateLimiting(ApiRateLimits.Api);
        api.MapAuthApi();
        api.MapAccountsApi();
        api.MapAuditApi();
        api.MapSchoolsApi();
        api.MapStudentsApi();
        api.MapGuardiansApi();
        api.MapCardsApi();
        api.MapDevicesApi();
        api.MapEventsApi();
        api.MapAccessApi();
        api.MapBiometricsApi();
        api.MapAttendanceApi();
        api.MapRosterApi();
        api.MapRosterImportApi();
        api.MapScheduleApi();
        api.MapEntranceRulesApi();
        api.MapNotificationsApi();
        api.MapTelegramLinkCodesApi();
        app.MapSmsCallbacks();
        api.MapWebhooksApi();
        api.MapJourneysApi();
        app.MapTransportIntake();
        api.MapDiagnosticsApi();
        app.MapGatewayHealthChecks();
        app.MapTelegramWebhook();

        app.Lifetime.ApplicationStarted.Register(() => LogWelcome(app));
        return app;
    }

    private static void LogWelcome(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SchoolGate.Gateway");
        var mqtt = app.Services.GetRequiredService<IOptions<MqttOptions>>().Value;
        var store = app.Services.GetRequiredService<IDbConnectionFactory>();
        foreach (var url in app.Urls)
        {
            logger.LogInformation("Dashboard:   {Url}/", url.TrimEnd('/'));
            logger.LogInformation("API page:    {Url}/api-docs", url.TrimEnd('/'));
            logger.LogInformation("OpenAPI:     {Url}/openapi/v1.json", url.TrimEnd('/'));
        }

        logger.LogInformation("MQTT broker: port {Port}; store: {Store}", mqtt.Port, store.Description);
    }
}
