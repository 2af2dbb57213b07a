namespace SchoolGate.Gateway.Notifications.Sms;

public static class SmsExtensions
{
    /// <summary>
    /// SMS options (validated at start) and, when Sms:Provider names one, the provider, the "sms"
    /// channel and the delivery-report handling. Which provider is read here, from the
    /// configuration the gateway starts with.
    /// </summary>
    public static WebApplicationBuilder AddSms(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmsOptions>()
            .Bind(builder.Configuration.GetSection(SmsOptions.Section))
            .ValidateProblem(o => o.Problem())
            .ValidateOnStart();
        if (ConfiguredProvider(builder.Configuration) == SmsOptions.Smsc)
        {
            builder.Services.AddSingleton<ISmsProvider, SmscSmsProvider>();
            builder.Services.AddSingleton<INotificationChannel, SmsChannel>();
            builder.Services.AddSingleton<SmsDeliveryReports>();
        }

        return builder;
    }

    /// <summary>The provider's delivery-report endpoint, outside /api; nothing when SMS is off.</summary>
    public static WebApplication MapSmsCallbacks(this WebApplication app)
    {
        // From the configuration, as AddSms decided: reading the options here would validate them
        // before the app starts, and a bad setting must stop the start, not the building.
        if (ConfiguredProvider(app.Configuration) == SmsOptions.Smsc)
        {
            SmscCallbacks.Map(app);
        }

        return app;
    }

    private static string ConfiguredProvider(IConfiguration configuration) =>
        configuration.GetSection(SmsOptions.Section)[nameof(SmsOptions.Provider)] ?? SmsOptions.Off;
}
