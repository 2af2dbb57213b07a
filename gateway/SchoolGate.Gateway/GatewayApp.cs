using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Access;
using SchoolGate.Gateway.Admin;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Cards;
using SchoolGate.Gateway.Devices;
using SchoolGate.Gateway.Diagnostics;
using SchoolGate.Gateway.Ingestion;
using SchoolGate.Gateway.Mqtt;
using SchoolGate.Gateway.Notifications;
using SchoolGate.Gateway.Schools;
using SchoolGate.Gateway.Store;
using SchoolGate.Gateway.Students;

namespace SchoolGate.Gateway;

public static class GatewayApp
{
    /// <summary>
    /// Builds the whole gateway: store, embedded MQTT broker, device features, admin API,
    /// OpenAPI and dashboard. <paramref name="configure"/> lets tests swap services (e.g. a fake
    /// TimeProvider) before the app is built.
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
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<Http.BadRequestExceptionHandler>();
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi();
        builder.AddAdminApiKey();

        builder.AddGatewayStore();     // first: the schema exists before anything reads it
        builder.AddMqttBroker();
        builder.AddDevices();
        builder.AddEventIngestion();
        builder.AddAccess();
        builder.AddAttendance();
        builder.AddNotifications();

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAdminApiKey();

        app.MapOpenApi();   // /openapi/v1.json
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "api-docs";
            ui.SwaggerEndpoint("/openapi/v1.json", "SchoolGate gateway v1");
            // The admin key the dashboard keeps for this tab (Admin:ApiKey), so the page works with one set.
            ui.UseRequestInterceptor(
                "(req) => { const key = sessionStorage.getItem('schoolgate.apiKey'); if (key) req.headers['Authorization'] = 'Bearer ' + key; return req; }");
        });

        app.MapSchoolsApi();
        app.MapStudentsApi();
        app.MapGuardiansApi();
        app.MapCardsApi();
        app.MapDevicesApi();
        app.MapEventsApi();
        app.MapAccessApi();
        app.MapAttendanceApi();
        app.MapNotificationsApi();
        app.MapDiagnosticsApi();

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
