using SchoolGate.Gateway.Mqtt;

namespace SchoolGate.Gateway.Biometrics;

public static class BiometricsExtensions
{
    public static WebApplicationBuilder AddBiometrics(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<BiometricOptions>(builder.Configuration.GetSection(BiometricOptions.Section));
        builder.Services.AddSingleton<TemplateRemoval>();
        builder.Services.AddSingleton<TemplateDeletionSender>();
        builder.Services.AddSingleton<IDeviceSubscriptionObserver>(sp => sp.GetRequiredService<TemplateDeletionSender>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TemplateDeletionSender>());
        builder.Services.AddSingleton<IDeviceMessageHandler, TemplateDeletedHandler>();
        return builder;
    }

    /// <summary>Consents and enrollments hang under the student they are about.</summary>
    public static RouteGroupBuilder MapBiometricsApi(this RouteGroupBuilder api)
    {
        var students = api.MapGroup("/students").WithTags("Biometrics");
        BiometricConsentsApi.Map(students);
        BiometricTemplatesApi.Map(students);
        return api;
    }
}
