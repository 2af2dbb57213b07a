using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Mqtt;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// Wrong /start codes per (bot, chat): after <see cref="TelegramOptions.MaxWrongCodes"/> in
/// <see cref="TelegramOptions.WrongCodeWindowMinutes"/>, that chat's codes are refused unchecked
/// until the window ends. Per chat, so one guesser never locks out the other parents; a guesser
/// with many accounts still needs about 2^59 tries for one code.
/// </summary>
public sealed class TelegramLinkThrottle(IOptions<TelegramOptions> options, TimeProvider time)
    : LoginThrottle(options.Value.MaxWrongCodes, TimeSpan.FromMinutes(options.Value.WrongCodeWindowMinutes), time);
