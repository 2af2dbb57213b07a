using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Exceptions;
using nanoFramework.M2Mqtt.Messages;
using SchoolGate.Firmware.Esp32.Mqtt;

namespace SchoolGate.Firmware.Esp32.Tests.Mqtt;

/// <summary>
/// The link on an M2Mqtt stub whose Connect, like the real one, opens the socket and starts its
/// receive thread before the CONNACK: no failed attempt may leave either behind.
/// </summary>
[Collection(nameof(SimulatedBrokerCollection))]
public class M2MqttLinkTests : IDisposable
{
    private readonly int _sockets = MqttClient.OpenSockets;
    private readonly int _threads = MqttClient.LiveReceiveThreads;

    public void Dispose() => MqttClient.Broker = SimulatedBroker.Accepts;

    [Theory]
    [InlineData(SimulatedBroker.Refuses)]
    [InlineData(SimulatedBroker.TimesOut)]
    [InlineData(SimulatedBroker.Unreachable)]
    public void AHundredFailedConnectsLeaveNoSocketAndNoReceiveThread(SimulatedBroker broker)
    {
        var link = NewLink();
        MqttClient.Broker = broker;

        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                Assert.False(link.TryConnect("will", [(byte)'{', (byte)'}'], ["a"], out var refusal));
                Assert.Equal(MqttReasonCode.ConnectionRefusedNotAuthorized, refusal);
            }
            catch (Exception ex) when (ex is MqttConnectionException or MqttCommunicationException)
            {
            }
        }

        Assert.Equal(_sockets, MqttClient.OpenSockets);
        Assert.Equal(_threads, MqttClient.LiveReceiveThreads);
        Assert.Equal(100, link.ClosedClients);
        Assert.False(link.IsConnected);
    }

    [Fact]
    public void AReconnectClosesTheClientItReplaces()
    {
        var link = NewLink();
        MqttClient.Broker = SimulatedBroker.Accepts;

        for (var connect = 0; connect < 5; connect++)
        {
            Assert.True(link.TryConnect("will", [(byte)'{', (byte)'}'], ["a"], out _));
        }

        Assert.True(link.IsConnected);
        Assert.Equal(_sockets + 1, MqttClient.OpenSockets);
        Assert.Equal(_threads + 1, MqttClient.LiveReceiveThreads);
        Assert.Equal(4, link.ClosedClients);
    }

    private static M2MqttLink NewLink() => new("127.0.0.1", 1883, "ts-01", "secret", 15, new InboundQueue(8));
}

/// <summary>The simulated broker is static: its tests run one at a time.</summary>
[CollectionDefinition(nameof(SimulatedBrokerCollection), DisableParallelization = true)]
public sealed class SimulatedBrokerCollection;
