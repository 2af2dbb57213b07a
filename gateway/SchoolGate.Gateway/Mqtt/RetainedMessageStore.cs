using System.Buffers;
using Dapper;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Mqtt;

/// <summary>
/// MQTTnet keeps retained messages in memory only; this mirrors them into retained_messages so a
/// gateway restart still has every device's last retained state (e.g. "offline" wills).
/// </summary>
public sealed class RetainedMessageStore(IDbConnectionFactory db, ILogger<RetainedMessageStore> logger)
{
    private sealed record Row(string Topic, byte[] Payload, long Qos);

    public async Task LoadAsync(LoadingRetainedMessagesEventArgs args)
    {
        await using var connection = await db.OpenAsync();
        var rows = await connection.QueryAsync<Row>("SELECT topic AS Topic, payload AS Payload, qos AS Qos FROM retained_messages");
        args.LoadedRetainedMessages = rows.Select(r => new MqttApplicationMessage
        {
            Topic = r.Topic,
            Payload = new ReadOnlySequence<byte>(r.Payload),
            QualityOfServiceLevel = (MqttQualityOfServiceLevel)r.Qos,
            Retain = true,
        }).ToList();
        logger.LogInformation("MQTT: loaded {Count} retained messages", args.LoadedRetainedMessages.Count);
    }

    public async Task SaveAsync(RetainedMessageChangedEventArgs args)
    {
        var message = args.ChangedRetainedMessage;
        await using var connection = await db.OpenAsync();
        if (message.Payload.IsEmpty)
        {
            // An empty retained publish clears the topic (MQTT 3.3.1.3).
            await connection.ExecuteAsync("DELETE FROM retained_messages WHERE topic = @Topic", new { message.Topic });
            return;
        }

        await connection.ExecuteAsync("""
            INSERT INTO retained_messages (topic, payload, qos) VALUES (@topic, @payload, @qos)
            ON CONFLICT (topic) DO UPDATE SET payload = excluded.payload, qos = excluded.qos
            """,
            new { topic = message.Topic, payload = message.Payload.ToArray(), qos = (int)message.QualityOfServiceLevel });
    }
}
