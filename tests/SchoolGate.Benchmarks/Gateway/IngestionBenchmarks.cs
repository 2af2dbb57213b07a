using System.Buffers;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Benchmarks.Gateway;

/// <summary>
/// The gateway's device paths against a bare MQTTnet broker measured in the same run, over
/// loopback with real MQTTnet clients. Each category pairs a gateway case with the same MQTT
/// exchange on the bare broker (the baseline), so Ratio is "what SchoolGate adds".
/// <list type="bullet">
/// <item>AccessRoundTrip: access/request -> access/decision (rules, SQLite lookup) vs. a QoS 1
/// publish echoed back to the publisher, i.e. the same PUBLISH/PUBACK/PUBLISH/PUBACK exchange.</item>
/// <item>EventsFromManyDevices / EventsFromOneDevice: each device sends its events one at a time
/// and waits for the gateway's events/ack (committed before the PUBACK) vs. waiting for a plain
/// PUBACK. Times are per event (OperationsPerInvoke), so Op/s is events per second.</item>
/// </list>
/// In-process: the broker or gateway runs in the benchmark process, started once per case.
/// </summary>
[Config(typeof(ShortRunConfig))]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class IngestionBenchmarks
{
    public const int ManyDevices = 20;
    public const int EventsPerDevice = 50;

    private const string Access = "AccessRoundTrip";
    private const string Many = "EventsFromManyDevices";
    private const string One = "EventsFromOneDevice";

    private BareBroker? _broker;
    private GatewayUnderTest? _gateway;
    private BenchDevice[] _devices = [];

    [GlobalSetup(Targets = new[] { nameof(BareBrokerEcho), nameof(BareBrokerManyDevices), nameof(BareBrokerOneDevice) })]
    public async Task StartBareBroker()
    {
        _broker = await BareBroker.StartAsync();
        var credentials = Enumerable.Range(0, ManyDevices)
            .Select(i => new DeviceCredentials($"turnstile-bench-{i}", $"card-bench-{i}", null));
        // Subscribed to its own request topic: the broker echoes each request back, standing in
        // for the decision the gateway would send.
        _devices = await ConnectAllAsync(_broker.Port, credentials, Topics.AccessRequest);
    }

    [GlobalSetup(Targets = new[] { nameof(GatewayAccessDecision), nameof(GatewayManyDevices), nameof(GatewayOneDevice) })]
    public async Task StartGateway()
    {
        _gateway = await GatewayUnderTest.StartAsync();
        var credentials = await _gateway.SeedTurnstilesAsync(ManyDevices);
        _devices = await ConnectAllAsync(_gateway.MqttPort, credentials, Topics.AccessDecision, Topics.EventAck);
    }

    [GlobalCleanup]
    public async Task Stop()
    {
        if (_gateway is not null)
        {
            await ReportGatewayCountersAsync(_gateway);
        }

        foreach (var device in _devices)
        {
            await device.DisposeAsync();
        }

        _devices = [];
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
            _broker = null;
        }

        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
            _gateway = null;
        }
    }

    // ---- AccessRoundTrip ---------------------------------------------------------------------

    [Benchmark(Baseline = true), BenchmarkCategory(Access)]
    public async Task BareBrokerEcho()
    {
        var device = _devices[0];
        await device.PublishAsync(Topics.AccessRequest, AccessRequestPayload(device));
        await device.NextAsync(Topics.AccessRequest);
    }

    [Benchmark, BenchmarkCategory(Access)]
    public async Task GatewayAccessDecision()
    {
        var device = _devices[0];
        var payload = AccessRequestPayload(device, out var requestId);
        await device.PublishAsync(Topics.AccessRequest, payload);
        var message = await device.NextAsync(Topics.AccessDecision);
        var decision = Decode(message.Payload, ProtocolJsonContext.Default.AccessDecision);
        if (decision.RequestId != requestId || !decision.Allow)
        {
            throw new InvalidOperationException($"unexpected decision {decision} for request {requestId}");
        }
    }

    // ---- EventsFromManyDevices ---------------------------------------------------------------

    [Benchmark(Baseline = true, OperationsPerInvoke = ManyDevices * EventsPerDevice), BenchmarkCategory(Many)]
    public Task BareBrokerManyDevices() => SendFromEachAsync(ManyDevices, SendEventAwaitPubAckAsync);

    [Benchmark(OperationsPerInvoke = ManyDevices * EventsPerDevice), BenchmarkCategory(Many)]
    public Task GatewayManyDevices() => SendFromEachAsync(ManyDevices, SendEventAwaitAckAsync);

    // ---- EventsFromOneDevice: nothing to group, one commit per event ------------------------

    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerDevice), BenchmarkCategory(One)]
    public Task BareBrokerOneDevice() => SendFromEachAsync(1, SendEventAwaitPubAckAsync);

    [Benchmark(OperationsPerInvoke = EventsPerDevice), BenchmarkCategory(One)]
    public Task GatewayOneDevice() => SendFromEachAsync(1, SendEventAwaitAckAsync);

    // ---- helpers -----------------------------------------------------------------------------

    private Task SendFromEachAsync(int deviceCount, Func<BenchDevice, Task> sendOne) =>
        Task.WhenAll(_devices.Take(deviceCount).Select(async device =>
        {
            // Like a device journal: the next event goes out only after the previous one is acknowledged.
            for (var i = 0; i < EventsPerDevice; i++)
            {
                await sendOne(device);
            }
        }));

    private static Task SendEventAwaitPubAckAsync(BenchDevice device) =>
        device.PublishAsync(Topics.Events, EventPayload(device, device.NextSeq()));

    private static async Task SendEventAwaitAckAsync(BenchDevice device)
    {
        var seq = device.NextSeq();
        await device.PublishAsync(Topics.Events, EventPayload(device, seq));
        // Acks are cumulative (highest contiguous committed seq), so an older one may still be queued.
        while (Decode((await device.NextAsync(Topics.EventAck)).Payload, ProtocolJsonContext.Default.EventAck).Seq < seq)
        {
        }
    }

    private static byte[] EventPayload(BenchDevice device, long seq) =>
        ProtocolCodec.Encode(new PassageEvent(device.DeviceId, seq, PassageTypes.Entered, device.CardId, Reasons.Ok, false, NowMs()));

    private static byte[] AccessRequestPayload(BenchDevice device) => AccessRequestPayload(device, out _);

    private static byte[] AccessRequestPayload(BenchDevice device, out long requestId)
    {
        requestId = device.NextRequestId();
        return ProtocolCodec.Encode(new AccessRequest(device.DeviceId, requestId, device.CardId, Directions.In, NowMs()));
    }

    private static long NowMs() => TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

    private static T Decode<T>(ReadOnlySequence<byte> payload, JsonTypeInfo<T> type)
        where T : class
    {
        ReadOnlySpan<byte> bytes = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
        return ProtocolCodec.TryDecode(bytes, type, out var message, out var error) ? message : throw new InvalidOperationException(error);
    }

    private static async Task<BenchDevice[]> ConnectAllAsync(int port, IEnumerable<DeviceCredentials> credentials, params string[] leaves)
    {
        var devices = new List<BenchDevice>();
        foreach (var c in credentials)
        {
            devices.Add(await BenchDevice.ConnectAsync(port, c.DeviceId, c.CardId, c.Secret, leaves));
        }

        return [.. devices];
    }

    /// <summary>
    /// Proves the acks came from real commits (no duplicates, no gaps) and shows the group-commit
    /// effect as events per transaction; printed into the BenchmarkDotNet log of each gateway case.
    /// </summary>
    private static async Task ReportGatewayCountersAsync(GatewayUnderTest gateway)
    {
        var m = await gateway.MetricsAsync();
        var stored = m.GetValueOrDefault("eventsStored");
        var batches = m.GetValueOrDefault("eventBatches");
        Console.WriteLine(
            $"// Gateway counters: accessAllowed={m.GetValueOrDefault("accessAllowed")} eventsStored={stored} " +
            $"eventBatches={batches} meanBatch={(batches == 0 ? 0 : (double)stored / batches):F1} " +
            $"duplicateEvents={m.GetValueOrDefault("duplicateEvents")} gapsDetected={m.GetValueOrDefault("gapsDetected")}");
    }

    /// <summary>
    /// A short job, in-process (the gateway needs no separate build of this project): 3 warm-up
    /// and 15 measured iterations of ~0.5 s each; unroll 1 so a ~50 ms invocation is not repeated 16x.
    /// </summary>
    internal sealed class ShortRunConfig : ManualConfig
    {
        public ShortRunConfig()
        {
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithWarmupCount(3)
                .WithIterationCount(15)
                .WithUnrollFactor(1)
                .WithId("Short"));
            AddColumn(StatisticColumn.OperationsPerSecond);
        }
    }
}
