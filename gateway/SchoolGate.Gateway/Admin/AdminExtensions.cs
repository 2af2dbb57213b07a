using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace SchoolGate.Gateway.Admin;

public static class AdminExtensions
{
    public static WebApplicationBuilder AddAdminApiKey(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>()
            .Bind(builder.Configuration.GetSection(AdminOptions.Section))
            .Validate(o => !o.KeyRequired || o.ApiKey!.Length >= AdminOptions.MinKeyLength,
                $"{AdminOptions.Section}:{nameof(AdminOptions.ApiKey)} must be at least {AdminOptions.MinKeyLength} characters (or empty for an open admin API).")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>Requires the admin key on /api/* and /openapi/* when one is configured.</summary>
    public static WebApplication UseAdminApiKey(this WebApplication app)
    {
        app.UseMiddleware<AdminApiKeyMiddleware>();
        app.Lifetime.ApplicationStarted.Register(() => WarnIfOpenToTheNetwork(app));
        return app;
    }

    private static void WarnIfOpenToTheNetwork(WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<AdminOptions>>().Value.KeyRequired)
        {
            return;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var exposed = addresses.Where(a => !IsLoopback(a)).ToArray();
        if (exposed.Length > 0)
        {
            app.Logger.LogWarning(
                "The admin API (/api, which issues cards and device secrets) has no key and listens on {Addresses}: it is open to the network. Set Admin:ApiKey.",
                string.Join(", ", exposed));
        }
    }

    /// <summary>True for a listen address only this machine can reach (localhost, 127.x, ::1).</summary>
    internal static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address.Replace("://*", "://wildcard").Replace("://+", "://wildcard"), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
