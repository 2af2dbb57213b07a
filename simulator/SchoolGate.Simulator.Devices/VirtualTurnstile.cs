using System.Device.Gpio;
using SchoolGate.DeviceSdk.Connection;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Adapters;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Core.Turnstile;

namespace SchoolGate.Simulator.Devices;

/// <summary>
/// A turnstile lane with no hardware: the real firmware core and the real GPIO adapters on a
/// simulated GPIO chip, a virtual card reader, file-backed flash, and a real MQTT connection.
/// </summary>
public sealed class VirtualTurnstile : IAsyncDisposable
{
    // The wiring of hardware-docs (Raspberry Pi header, BCM numbering).
    public const int RelayPin = 17;
    public const int RotationSensorPin = 27;

    private readonly VirtualTurnstileOptions _options;
    private readonly SimulatedGpioDriver _gpio = new();
    private readonly GpioController _controller;
    private readonly GpioRelay _relay;
    private readonly GpioDigitalInput _rotation;
    private readonly VirtualCardReader _reader = new();
    private readonly VirtualIndicator _indicator = new();
    private readonly DeviceConnection _connection;
    private readonly MqttLink _link;
    private readonly TurnstileController _turnstile;
    private readonly DeviceLoop _loop;
    private readonly SemaphoreSlim _oneChildAtATime = new(1, 1);
    private volatile bool _dropAcks;
    private int _acksDropped;
    private int _relayReleases;

    private VirtualTurnstile(VirtualTurnstileOptions options)
    {
        _options = options;
        _controller = new GpioController(_gpio);
        _gpio.OutputWritten += (pin, value) =>
        {
            if (pin == RelayPin && value == PinValue.High)
            {
                Interlocked.Increment(ref _relayReleases);
            }
        };
        _relay = new GpioRelay(RelayPin, _controller, shouldDispose: false);
        _rotation = new GpioDigitalInput(RotationSensorPin, _controller, activeLow: true, shouldDispose: false);
        var config = new TurnstileConfig
        {
            DeviceId = options.DeviceId,
            Direction = options.Direction,
            DecisionBudgetMs = options.DecisionBudgetMs,
            ResendAfterMs = options.ResendAfterMs,
        };
        _connection = new DeviceConnection(new DeviceConnectionOptions
        {
            Host = options.MqttHost,
            Port = options.MqttPort,
            DeviceId = options.DeviceId,
            Secret = options.Secret,
            Kind = DeviceKinds.Turnstile,
            // The last will must name the same firmware as the controller's own state messages.
            Firmware = config.Firmware,
            ProtocolVersion = options.ProtocolVersion,
            ReconnectDelay = TimeSpan.FromMilliseconds(200),
        });
        _link = new MqttLink(_connection);
        _turnstile = new TurnstileController(config, _relay, _rotation, _reader, _indicator,
            new SystemClock(options.Time), new FileStorage(options.StorageDirectory), _link);
        _loop = new DeviceLoop(_link, _turnstile.OnConnected, OnMessage, _turnstile.Loop);
    }

    public string DeviceId => _options.DeviceId;

    public bool IsConnected => _connection.IsConnected;

    public bool RelayReleased => _relay.IsOpen;

    /// <summary>How many times the firmware drove the release relay on, seen at the GPIO pin.</summary>
    public int RelayReleases => Volatile.Read(ref _relayReleases);

    public int PendingEvents => _turnstile.PendingEvents;

    public long LastAckedSeq => _turnstile.LastAckedSeq;

    public int LastSignal => _indicator.Last;

    /// <summary>Cards in the offline access list the lane last synced from the gateway (ids only).</summary>
    public int OfflineListCount => _turnstile.OfflineList.Count;

    /// <summary>Simulates a downlink that loses every event acknowledgement (the device keeps re-sending).</summary>
    public bool DropAcks
    {
        get => _dropAcks;
        set => _dropAcks = value;
    }

    /// <summary>Acknowledgements lost to <see cref="DropAcks"/> so far.</summary>
    public int AcksDropped => Volatile.Read(ref _acksDropped);

    /// <summary>Connects to the broker (throws if it refuses the credentials) and starts the firmware loop.</summary>
    public static async Task<VirtualTurnstile> StartAsync(VirtualTurnstileOptions options, CancellationToken cancellationToken = default)
    {
        var device = new VirtualTurnstile(options);
        try
        {
            await device._connection.ConnectAsync(cancellationToken);
        }
        catch
        {
            await device.DisposeAsync();
            throw;
        }

        device._loop.Start();
        return device;
    }

    /// <summary>
    /// A child taps a card; if the lane opens and <paramref name="walkThrough"/> is set, the child
    /// pushes the arm round (the rotation sensor pulses). Returns what the child saw.
    /// </summary>
    public async Task<TapResult> TapAsync(string cardId, bool walkThrough = true, CancellationToken cancellationToken = default)
    {
        await _oneChildAtATime.WaitAsync(cancellationToken);
        try
        {
            var verdict = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnShown(int signal)
            {
                if (signal is IndicatorSignal.Granted or IndicatorSignal.Refused)
                {
                    verdict.TrySetResult(signal);
                }
            }

            // A child waits until the previous child's red light has gone out: the firmware
            // ignores cards read while the lane is busy.
            await WaitUntilIdleAsync(cancellationToken);
            _indicator.Shown += OnShown;
            try
            {
                var tapped = TimeProvider.System.GetTimestamp();
                _reader.Tap(cardId);
                var budget = TimeSpan.FromMilliseconds(_options.DecisionBudgetMs) + TimeSpan.FromSeconds(5);
                var signal = await verdict.Task.WaitAsync(budget, cancellationToken);
                var decisionTime = TimeProvider.System.GetElapsedTime(tapped);
                await WaitForStepToFinishAsync(cancellationToken);
                if (signal != IndicatorSignal.Granted || !walkThrough)
                {
                    return new TapResult(cardId, signal == IndicatorSignal.Granted, false, signal, decisionTime);
                }

                await Task.Delay(_options.WalkThrough, cancellationToken);
                await PulseRotationSensorAsync(cancellationToken);
                await WaitUntilIdleAsync(cancellationToken);
                return new TapResult(cardId, true, true, signal, decisionTime);
            }
            finally
            {
                _indicator.Shown -= OnShown;
            }
        }
        finally
        {
            _oneChildAtATime.Release();
        }
    }

    /// <summary>Waits until the gateway has acknowledged every journaled event.</summary>
    public Task WaitForJournalDrainedAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        PollUntilAsync(() => _turnstile.PendingEvents == 0, timeout, cancellationToken);

    /// <summary>The network drops (the broker fires the last will); the device reconnects by itself.</summary>
    public Task DropConnectionAsync() => _connection.DropAsync();

    public Task WaitUntilConnectedAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        PollUntilAsync(() => _connection.IsConnected, timeout, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _loop.DisposeAsync();
        await _connection.DisposeAsync();
        await _link.DisposeAsync();
        _relay.Dispose();
        _rotation.Dispose();
        _controller.Dispose();
        _oneChildAtATime.Dispose();
    }

    private void OnMessage(string topic, byte[] payload)
    {
        if (_dropAcks && topic.EndsWith("/" + Topics.EventAck, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _acksDropped);
            return;
        }

        _turnstile.OnMessage(topic, payload);
    }

    // An optical index sensor on a tripod turnstile: the contact closes (active low) for a few
    // tens of milliseconds while the arm passes, several loop ticks so the firmware cannot miss it.
    private async Task PulseRotationSensorAsync(CancellationToken cancellationToken)
    {
        _gpio.DriveInput(RotationSensorPin, PinValue.Low);
        await Task.Delay(60, cancellationToken);
        _gpio.DriveInput(RotationSensorPin, PinValue.High);
    }

    // The indicator changes in the middle of a firmware step (the refusal is journaled right
    // after the red light): let that step finish before the caller looks at the journal.
    private Task WaitForStepToFinishAsync(CancellationToken cancellationToken)
    {
        var seen = _loop.Steps;
        return PollUntilAsync(() => _loop.Steps > seen, TimeSpan.FromSeconds(10), cancellationToken);
    }

    // The firmware goes Idle and then journals the passage within the same step, so seeing Idle
    // from this thread is not enough: the step must also have finished.
    private async Task WaitUntilIdleAsync(CancellationToken cancellationToken)
    {
        await PollUntilAsync(() => _turnstile.State == TurnstileState.Idle && !_relay.IsOpen, TimeSpan.FromSeconds(10), cancellationToken);
        await WaitForStepToFinishAsync(cancellationToken);
    }

    // The firmware runs on its own loop thread and raises nothing a caller could await, so callers
    // poll its state; the timeout turns a stuck lane into an exception instead of a hang.
    private static async Task PollUntilAsync(Func<bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (!done())
        {
            await Task.Delay(2, limit.Token);
        }
    }
}
