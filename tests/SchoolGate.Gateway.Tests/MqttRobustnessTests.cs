using System.Net.Http.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Mqtt;

namespace SchoolGate.Gateway.Tests;

/// <summary>What a device can do to the broker on purpose or by accident, and what the store can do to it.</summary>
public sealed class MqttRobustnessTests
{
    [Fact]
    public async Task StoreFailureRefusesTheEventCountsItAndKeepsTheSessionOpen()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        ExecuteSql(gateway, "DROP TABLE device_events");

        var published = await device.PublishAsync(Topics.Events,
            ProtocolCodec.Encode(new PassageEvent(s.DeviceId, 1, PassageTypes.Entered, s.CardId, Reasons.Ok, false, 0)));

        // Not stored, so not "success": an MQTT 5 device learns it at once and keeps its journal entry.
        Assert.Equal(MqttClientPublishReasonCode.UnspecifiedError, published.ReasonCode);
        Assert.True(device.Client.IsConnected);
        Assert.Equal(1, (await gateway.MetricsAsync())["handlerFailures"]);
        Assert.True((await device.RequestAccessAsync(s.CardId)).Allow);
    }

    [Fact]
    public async Task StoreFailureClosesAnMqtt311ConnectionInsteadOfAcknowledging()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret, MqttProtocolVersion.V311);
        var disconnected = new TaskCompletionSource();
        device.Client.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };
        ExecuteSql(gateway, "DROP TABLE device_events");

        // 3.1.1 has no negative PUBACK: a PUBACK here would read as "stored".
        await Assert.ThrowsAnyAsync<Exception>(() => device.PublishAsync(Topics.Events,
            ProtocolCodec.Encode(new PassageEvent(s.DeviceId, 1, PassageTypes.Entered, s.CardId, Reasons.Ok, false, 0))));
        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, (await gateway.MetricsAsync())["handlerFailures"]);
    }

    private static void ExecuteSql(TestGateway gateway, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={gateway.DatabasePath}");
        connection.Execute(sql);
    }
}
