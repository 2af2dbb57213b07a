using SchoolGate.Gateway.Mqtt;

namespace SchoolGate.Gateway.Ingestion;

public static class IngestionExtensions
{
    public static WebApplicationBuilder AddEventIngestion(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EventStore>();
        builder.Services.AddSingleton<EventWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EventWriter>());
        builder.Services.AddSingleton<IDeviceMessageHandler, EventIngestion>();
        return builder;
    }
}
