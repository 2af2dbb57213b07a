using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SchoolGate.Gateway.Notifications.Telegram;

public static class TelegramBotExtensions
{
    /// <summary>
    /// The parents' bots: options ("Telegram", checked at start), one client per bot
    /// (<see cref="TelegramBots"/>, which the delivery channel sends with too), the conversation,
    /// and the updates service (polling or setWebhook). No bots configured: nothing starts.
    /// </summary>
    public static WebApplicationBuilder AddTelegramBot(this WebApplicationBuilder builder)
    {
        // Bound once, by AddNotifications (the delivery channel needs the options too): a second
        // Bind would add every configured bot to the list a second time.
        builder.Services.AddOptions<TelegramOptions>().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();
        builder.Services.TryAddSingleton<TelegramBots>();
        builder.Services.AddSingleton<LinkCodes>();
        builder.Services.AddSingleton<TelegramLinkThrottle>();
        builder.Services.AddSingleton<GuardianLinking>();
        builder.Services.AddSingleton<GuardianChats>();
        builder.Services.AddSingleton<ITimelineSource, TurnstileTimeline>();
        builder.Services.AddSingleton<TodayTimeline>();
        builder.Services.AddSingleton<BotReplies>();
        builder.Services.AddSingleton<ParentCommands>();
        builder.Services.AddSingleton<ParentButtons>();
        builder.Services.AddSingleton<TelegramUpdateHandler>();
        builder.Services.AddHostedService<TelegramUpdates>();
        return builder;
    }
}
