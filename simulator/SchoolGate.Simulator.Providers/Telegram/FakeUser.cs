namespace SchoolGate.Simulator.Providers.Telegram;

/// <summary>The Telegram user a test plays: in a private chat the chat id is the user id.</summary>
internal sealed record FakeUser(long ChatId, string FirstName, string? LanguageCode);
