using System.Buffers;
using System.Text.Json;

namespace SchoolGate.Simulator.Providers.Telegram;

/// <summary>The Bot API's objects (User, Chat, Message, Update) as the fake writes them, in Telegram's snake_case.</summary>
internal static class BotJson
{
    public static void WriteBotUser(Utf8JsonWriter w, FakeBot bot)
    {
        w.WriteStartObject();
        w.WriteNumber("id", bot.Id);
        w.WriteBoolean("is_bot", true);
        w.WriteString("first_name", bot.Username);
        w.WriteString("username", bot.Username);
        w.WriteEndObject();
    }

    public static void WriteMessage(Utf8JsonWriter w, FakeBot bot, BotMessage message)
    {
        w.WriteStartObject();
        w.WriteNumber("message_id", message.MessageId);
        w.WritePropertyName("from");
        WriteBotUser(w, bot);
        WriteChat(w, message.ChatId, null);
        w.WriteNumber("date", message.SentAt.ToUnixTimeSeconds());
        if (message.EditedAt is { } edited)
        {
            w.WriteNumber("edit_date", edited.ToUnixTimeSeconds());
        }

        w.WriteString("text", message.Text);
        // Telegram only shows a message's inline keyboard back; reply keyboards belong to the chat.
        if (message.ReplyMarkup is { } markup && message.Buttons.Count > 0)
        {
            w.WritePropertyName("reply_markup");
            w.WriteRawValue(markup, skipInputValidation: true);
        }

        w.WriteEndObject();
    }

    public static byte[] MessageUpdate(int updateId, int messageId, FakeUser user, string text, DateTimeOffset date)
    {
        return Update(updateId, "message", w =>
        {
            w.WriteNumber("message_id", messageId);
            w.WritePropertyName("from");
            WriteUser(w, user);
            WriteChat(w, user.ChatId, user.FirstName);
            w.WriteNumber("date", date.ToUnixTimeSeconds());
            w.WriteString("text", text);
            var command = CommandLength(text);
            if (command > 0)
            {
                w.WriteStartArray("entities");
                w.WriteStartObject();
                w.WriteString("type", "bot_command");
                w.WriteNumber("offset", 0);
                w.WriteNumber("length", command);
                w.WriteEndObject();
                w.WriteEndArray();
            }
        });
    }

    public static byte[] CallbackUpdate(int updateId, string callbackId, FakeUser user, FakeBot bot, BotMessage? message, int messageId, string data)
    {
        return Update(updateId, "callback_query", w =>
        {
            w.WriteString("id", callbackId);
            w.WritePropertyName("from");
            WriteUser(w, user);
            w.WritePropertyName("message");
            if (message is not null)
            {
                WriteMessage(w, bot, message);
            }
            else
            {
                // Telegram's InaccessibleMessage: a message too old (or never sent) has date 0.
                w.WriteStartObject();
                w.WriteNumber("message_id", messageId);
                WriteChat(w, user.ChatId, user.FirstName);
                w.WriteNumber("date", 0);
                w.WriteEndObject();
            }

            w.WriteString("chat_instance", $"{bot.Id}-{user.ChatId}");
            w.WriteString("data", data);
        });
    }

    /// <summary>The inline keyboard's buttons; null if the markup is not JSON.</summary>
    public static IReadOnlyList<InlineButton>? Buttons(string? markup)
    {
        if (markup is null)
        {
            return [];
        }

        try
        {
            using var json = JsonDocument.Parse(markup);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (!json.RootElement.TryGetProperty("inline_keyboard", out var rows))
            {
                return [];
            }

            var buttons = new List<InlineButton>();
            var row = 0;
            foreach (var line in rows.EnumerateArray())
            {
                foreach (var button in line.EnumerateArray())
                {
                    buttons.Add(new InlineButton(row, Text(button, "text") ?? "", Text(button, "callback_data"), Text(button, "url")));
                }

                row++;
            }

            return buttons;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement button, string name) =>
        button.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void WriteUser(Utf8JsonWriter w, FakeUser user)
    {
        w.WriteStartObject();
        w.WriteNumber("id", user.ChatId);
        w.WriteBoolean("is_bot", false);
        w.WriteString("first_name", user.FirstName);
        if (user.LanguageCode is { } language)
        {
            w.WriteString("language_code", language);
        }

        w.WriteEndObject();
    }

    private static void WriteChat(Utf8JsonWriter w, long chatId, string? firstName)
    {
        w.WriteStartObject("chat");
        w.WriteNumber("id", chatId);
        // Positive ids are users (private chats), negative ones groups.
        w.WriteString("type", chatId > 0 ? "private" : "supergroup");
        if (firstName is not null)
        {
            w.WriteString("first_name", firstName);
        }

        w.WriteEndObject();
    }

    // "/start abc" and "/start@SchoolBot abc": the command runs to the first space.
    private static int CommandLength(string text)
    {
        if (!text.StartsWith('/') || text.Length < 2)
        {
            return 0;
        }

        var space = text.IndexOfAny([' ', '\n']);
        return space < 0 ? text.Length : space;
    }

    /// <summary>{"update_id":N,"{kind}":{...}}: an Update carries exactly one kind of content.</summary>
    private static byte[] Update(int updateId, string kind, Action<Utf8JsonWriter> content)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("update_id", updateId);
            w.WriteStartObject(kind);
            content(w);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

