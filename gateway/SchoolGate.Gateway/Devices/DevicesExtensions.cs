using SchoolGate.Gateway.Mqtt;

namespace SchoolGate.Gateway.Devices;

public static class DevicesExtensions
{
    public static WebApplicationBuilder AddDevices(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DevicePresence>();
        builder.Services.AddSingleton<DeviceLastSeen>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeviceLastSeen>());
        builder.Services.AddSingleton<IDeviceMessageHandler, DeviceStateHandler>();
        builder.Services.AddSingleton<IDeviceMessageHandler, HeartbeatHandler>();
        return builder;
    }
}
