using System.Net;
using System.Net.Sockets;
using MQTTnet.Server;

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

    public static async Task<BareBroker> StartAsync()
    {
        var port = FreeLoopbackPort();
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(port)
            .WithPersistentSessions()
            .WithMaxPendingMessagesPerClient(100)
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropOldestQueuedMessage)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
        await server.StartAsync();
        return new BareBroker(server, port);
    }

    public static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        _server.Dispose();
    }
}
