using SchoolGate.Gateway.Mqtt;

namespace SchoolGate.Gateway.Ingestion;

public static class IngestionExtensions
{
    public static WebApplicationBuilder AddEventIngestion(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestionOptions>()
            .Bind(builder.Configuration.GetSection(IngestionOptions.Section))
            .Validate(o => o.GapTimeoutSeconds > 0,
                $"{IngestionOptions.Section}:{nameof(IngestionOptions.GapTimeoutSeconds)} must be a positive number of seconds.")
            .Validate(o => o.MaxSeqJump > 0,
                $"{IngestionOptions.Section}:{nameof(IngestionOptions.MaxSeqJump)} must be a positive number of seqs.")
            .ValidateOnStart();
        builder.Services.AddSingleton<AckCursor>();
        builder.Services.AddSingleton<EventStore>();
        builder.Services.AddSingleton<EventWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EventWriter>());
        builder.Services.AddSingleton<IDeviceMessageHandler, EventIngestion>();
        return builder;
    }
}
