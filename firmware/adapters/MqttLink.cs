using System.Collections.Concurrent;
using System.Threading.Channels;
using SchoolGate.DeviceSdk.Connection;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Adapters;

/// <summary>
/// The core's link port over the device SDK's MQTT connection. The core is single-threaded and its
/// loop must never block, so publishing only enqueues, and incoming messages and connection changes
/// wait in queues until the loop thread calls <see cref="Dispatch"/>.
/// </summary>
public sealed class MqttLink : ILink, IAsyncDisposable
{
    private readonly DeviceConnection _connection;
    private readonly Channel<(string Leaf, byte[] Payload, bool Retain)> _outgoing =
        Channel.CreateBounded<(string, byte[], bool)>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _incoming = new();
    private readonly Task _pump;
    private int _connectedSignal;
    private long _dropped;

    public MqttLink(DeviceConnection connection)
    {
        _connection = connection;
        _connection.Connected += () =>
        {
            Interlocked.Exchange(ref _connectedSignal, 1);
            return Task.CompletedTask;
        };
        _connection.MessageReceived += (leaf, payload) =>
        {
            _incoming.Enqueue((Topics.ForDevice(_connection.DeviceId, leaf), payload));
            return Task.CompletedTask;
        };
        _pump = Task.Run(PumpAsync);
    }

    public bool IsConnected => _connection.IsConnected;

    /// <summary>Messages handed to the link but refused by a full queue or a failed publish.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public bool Publish(string topic, byte[] payload, bool retain)
    {
        if (!_connection.IsConnected
            || !Topics.TryParse(topic, out var deviceId, out var leaf)
            || deviceId != _connection.DeviceId)
        {
            return false;
        }

        if (!_outgoing.Writer.TryWrite((leaf, payload, retain)))
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        return true;
    }

    /// <summary>Runs on the device loop thread: delivers what arrived since the last call.</summary>
    public void Dispatch(Action onConnected, Action<string, byte[]> onMessage)
    {
        if (Interlocked.Exchange(ref _connectedSignal, 0) == 1)
        {
            onConnected();
        }

        while (_incoming.TryDequeue(out var message))
        {
            onMessage(message.Topic, message.Payload);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _outgoing.Writer.TryComplete();
        await _pump;
    }

    private async Task PumpAsync()
    {
        await foreach (var (leaf, payload, retain) in _outgoing.Reader.ReadAllAsync())
        {
            // A failed publish is not retried here: journaled events are re-sent by the core until
            // the gateway acknowledges them, and an unanswered access request falls back offline.
            if (!await _connection.PublishAsync(leaf, payload, retain))
            {
                Interlocked.Increment(ref _dropped);
            }
        }
    }
}
