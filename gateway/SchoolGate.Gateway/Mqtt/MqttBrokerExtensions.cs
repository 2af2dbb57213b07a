using Microsoft.Extensions.Options;

namespace SchoolGate.Gateway.Mqtt;

public static class MqttBrokerExtensions
{
    public static WebApplicationBuilder AddMqttBroker(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MqttOptions>()
            .Bind(builder.Configuration.GetSection(MqttOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MqttOptions>, MqttOptionsValidator>();
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
