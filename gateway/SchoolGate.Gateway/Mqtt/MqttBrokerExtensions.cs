namespace SchoolGate.Gateway.Mqtt;

public static class MqttBrokerExtensions
{
    public static WebApplicationBuilder AddMqttBroker(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<MqttOptions>(builder.Configuration.GetSection(MqttOptions.Section));
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddSingleton<DeviceAuthenticator>();
        builder.Services.AddSingleton<DeviceMessageRouter>();
        builder.Services.AddSingleton<RetainedMessageStore>();
        builder.Services.AddSingleton<MqttBroker>();
        builder.Services.AddSingleton<DevicePublisher>();
        builder.Services.AddSingleton<IDevicePublisher>(sp => sp.GetRequiredService<DevicePublisher>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MqttBroker>());
        return builder;
    }
}
