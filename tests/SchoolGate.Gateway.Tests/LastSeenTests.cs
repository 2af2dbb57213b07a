using Dapper;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Tests;

/// <summary>
/// "Last seen" is the last time the gateway heard from a device at all: a lane busy tapping cards
/// is not idle because its next heartbeat is half a minute away.
/// </summary>
public sealed class LastSeenTests
{
    [Fact]
    public async Task CountsEveryAcceptedMessageAsSeenWithoutAHeartbeat()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var connectedAt = gateway.Time.GetUtcNow();
        var onConnect = await LastSeenAsync(gateway, s.DeviceId);

        gateway.Time.Advance(TimeSpan.FromMinutes(10));
        await device.RequestAccessAsync(s.CardId);
        var afterTap = await LastSeenAsync(gateway, s.DeviceId);
        gateway.Time.Advance(TimeSpan.FromMinutes(1));
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
        var afterEvent = await LastSeenAsync(gateway, s.DeviceId);
        gateway.Time.Advance(TimeSpan.FromMinutes(1));
        await device.PublishAsync(Topics.Events, "{\"deviceId\":"u8.ToArray());
        var afterGarbage = await LastSeenAsync(gateway, s.DeviceId);

        Assert.Equal(connectedAt, onConnect);
        Assert.Equal(connectedAt.AddMinutes(10), afterTap);
        Assert.Equal(connectedAt.AddMinutes(11), afterEvent);
        // A refused message proves the connection, not a working device.
        Assert.Equal(connectedAt.AddMinutes(11), afterGarbage);
        var listed = await gateway.GetAsync<DeviceDto[]>($"/api/devices?schoolId={s.SchoolId}");
        Assert.Equal(connectedAt.AddMinutes(11), Assert.Single(listed).LastSeenAt);
    }

    [Fact]
    public async Task WritesLastSeenAtMostOnceEveryFewSecondsPerDevice()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        gateway.Store.Execute(TestStore.IsPostgres
            ? """
              CREATE TABLE last_seen_writes (device_id TEXT, last_seen_at BIGINT);
              CREATE FUNCTION count_seen() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN INSERT INTO last_seen_writes VALUES (NEW.device_id, NEW.last_seen_at); RETURN NEW; END $$;
              CREATE TRIGGER count_seen_insert AFTER INSERT ON device_state FOR EACH ROW EXECUTE FUNCTION count_seen();
              CREATE TRIGGER count_seen_update AFTER UPDATE OF last_seen_at ON device_state FOR EACH ROW EXECUTE FUNCTION count_seen();
              """
            : """
              CREATE TABLE last_seen_writes (device_id TEXT, last_seen_at BIGINT);
              CREATE TRIGGER count_seen_insert AFTER INSERT ON device_state
              BEGIN INSERT INTO last_seen_writes VALUES (NEW.device_id, NEW.last_seen_at); END;
              CREATE TRIGGER count_seen_update AFTER UPDATE OF last_seen_at ON device_state
              BEGIN INSERT INTO last_seen_writes VALUES (NEW.device_id, NEW.last_seen_at); END;
              """);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        for (var i = 0; i < 20; i++)
        {
            await device.RequestAccessAsync(s.CardId);
            await device.SendEventAsync(i + 1, PassageTypes.Entered, s.CardId, 0);
            await device.PublishAsync(Topics.Heartbeat, ProtocolCodec.Encode(new Heartbeat(s.DeviceId, i, 0, 0)));
        }

        var lastMessage = gateway.Time.GetUtcNow();
        var unwrittenAfterSixtyMessages = Writes(gateway);
        gateway.Time.Advance(TimeSpan.FromSeconds(5));
        await Eventually(() => Writes(gateway).Count > 0);
        await Task.Delay(200);

        Assert.Empty(unwrittenAfterSixtyMessages);
        Assert.Equal([(s.DeviceId, lastMessage.ToUnixTimeMilliseconds())], Writes(gateway));
    }

    [Fact]
    public async Task KeepsLastSeenAcrossARestart()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using (var device = await gateway.ConnectAsync(s.DeviceId, s.Secret))
        {
            gateway.Time.Advance(TimeSpan.FromMinutes(3));
            await device.RequestAccessAsync(s.CardId);
        }

        var tappedAt = gateway.Time.GetUtcNow();
        gateway.Time.Advance(TimeSpan.FromMinutes(1));
        await gateway.RestartAsync();

        Assert.Equal(tappedAt, await LastSeenAsync(gateway, s.DeviceId));
    }

    private static async Task<DateTimeOffset?> LastSeenAsync(TestGateway gateway, string deviceId) =>
        (await gateway.GetAsync<DeviceDto>($"/api/devices/{deviceId}")).LastSeenAt;

    private static List<(string DeviceId, long LastSeenAt)> Writes(TestGateway gateway)
    {
        using var connection = gateway.Store.Open();
        return connection.Query<(string, long)>("SELECT device_id, last_seen_at FROM last_seen_writes").ToList();
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 5 s");
            await Task.Delay(20);
        }
    }

    private sealed record DeviceDto(string DeviceId, bool Online, DateTimeOffset? LastSeenAt);
}
