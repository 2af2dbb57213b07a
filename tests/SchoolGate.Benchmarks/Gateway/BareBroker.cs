using MQTTnet.Server;
using SchoolGate.TestSupport;

namespace SchoolGate.Benchmarks.Gateway;

/// <summary>
/// The baseline: an MQTTnet 5 server with the gateway's listener and session settings
/// (see gateway/.../Mqtt/MqttBroker.cs) but no authentication, ACL, rules or storage. The
/// difference to the gateway is what SchoolGate itself costs per message.
/// </summary>
internal sealed class BareBroker : IAsyncDisposable
{
    private readonly MqttServer _server;

    private BareBroker(MqttServer server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    // MQTTnet cannot report a port it chose itself, so the port is picked here (again if taken).
    public static async Task<BareBroker> StartAsync()
    {
        var (server, port) = await AddressInUse.StartAsync(
            port => new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
                .WithDefaultEndpoint()
                .WithDefaultEndpointPort(port)
                .WithPersistentSessions()
                .WithMaxPendingMessagesPerClient(100)
                .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropOldestQueuedMessage)
                .Build()),
            server => server.StartAsync());
        return new BareBroker(server, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        _server.Dispose();
    }
}
