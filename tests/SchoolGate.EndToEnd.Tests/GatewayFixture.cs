using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using SchoolGate.Gateway;
using SchoolGate.Simulator.Devices;
using SchoolGate.Simulator.Devices.Seeding;

namespace SchoolGate.EndToEnd.Tests;

/// <summary>A real gateway (Kestrel, embedded MQTTnet broker, SQLite file) on free loopback ports.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "schoolgate-e2e", Guid.NewGuid().ToString("n"));
    private WebApplication? _app;
    private int _schools;

    public int HttpPort { get; private set; }
    public int MqttPort { get; private set; }
    public HttpClient Http { get; private set; } = null!;
    public GatewayApiClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        // Kestrel tells which port it bound; the broker does not, so its port is picked here, and
        // picked again if another process took it first.
        (_app, MqttPort) = await AddressInUse.StartAsync(port => CreateGateway(LoopbackPorts.OsAssigned, port), app => app.StartAsync());
        HttpPort = LoopbackPorts.BoundPort(_app.Urls);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}") };
        await GatewayApiClient.SignInAsync(Http, AdminLogin, AdminPassword);
        Api = new GatewayApiClient(Http);
    }

    // The region admin the fixture's gateway starts with (Auth:BootstrapLogin); Http signs in as it.
    private const string AdminLogin = "e2e-admin";
    private const string AdminPassword = "e2e-admin-password";

    /// <summary>
    /// Stops the gateway process as a power cut or crash looks to the lanes: broker gone, nothing
    /// answers. Each test class gets its own fixture, so only that class's lanes notice.
    /// </summary>
    public async Task StopGatewayAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    /// <summary>
    /// Starts the gateway again on the same ports and database (after <see cref="StopGatewayAsync"/>):
    /// the lanes and <see cref="Http"/> know only those ports, so there is no other port to retry on.
    /// </summary>
    public async Task StartGatewayAsync()
    {
        _app = CreateGateway(HttpPort, MqttPort);
        await _app.StartAsync();
    }

    private WebApplication CreateGateway(int httpPort, int mqttPort) => GatewayApp.Create([
        $"--urls=http://127.0.0.1:{httpPort}",
        $"--Mqtt:Port={mqttPort}",
        $"--Store:Path={Path.Combine(_directory, "gateway.db")}",
        $"--Auth:BootstrapLogin={AdminLogin}",
        $"--Auth:BootstrapPassword={AdminPassword}",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
    ]);

    /// <summary>A fresh school with its own students, cards and lanes, so tests never share state.</summary>
    public Task<SeededSchool> SeedSchoolAsync(int students, int entryLanes = 1, int exitLanes = 0)
    {
        var tag = $"t{Interlocked.Increment(ref _schools)}x{Guid.NewGuid().ToString("n")[..6]}";
        return new SchoolSeeder(Api).SeedAsync($"Test school {tag}", students, entryLanes, exitLanes, tag);
    }

    public Task<VirtualTurnstile> StartLaneAsync(SeededDevice device, string? storage = null) =>
        VirtualTurnstile.StartAsync(new VirtualTurnstileOptions
        {
            DeviceId = device.DeviceId,
            Secret = device.Secret,
            Direction = device.Direction,
            MqttPort = MqttPort,
            StorageDirectory = storage ?? StorageFor(device),
            ResendAfterMs = 1000,
        });

    public string StorageFor(SeededDevice device) => Path.Combine(_directory, "devices", device.DeviceId);

    /// <summary>
    /// Every event the gateway stored for the device, in the order it stored them (SQLite rowid),
    /// read from its database file: the events API pages at 1,000 and sorts by arrival time.
    /// </summary>
    public async Task<StoredEventRow[]> StoredEventsAsync(string deviceId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "gateway.db")};Mode=ReadOnly;Pooling=False");
        return [.. await connection.QueryAsync<StoredEventRow>(
            "SELECT seq AS Seq, type AS Type, card_id AS CardId, offline AS Offline FROM device_events WHERE device_id = @deviceId ORDER BY rowid",
            new { deviceId })];
    }

    /// <summary>Seq ranges of the device the gateway saw missing (filled or not).</summary>
    public async Task<long> GapsAsync(string deviceId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "gateway.db")};Mode=ReadOnly;Pooling=False");
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM device_gaps WHERE device_id = @deviceId", new { deviceId });
    }

    public async Task<JsonElement[]> EventsAsync(string deviceId) =>
        [.. (await Api.GetAsync($"/api/events?deviceId={deviceId}&limit=100")).EnumerateArray()];

    public async Task<JsonElement[]> NotificationsAsync(long guardianId) =>
        [.. (await Api.GetAsync($"/api/notifications?guardianId={guardianId}&limit=100")).EnumerateArray()];

    public async Task<long> MetricAsync(string name) =>
        (await Api.GetAsync("/api/metrics")).GetProperty(name).GetInt64();

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        await StopGatewayAsync();

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed record StoredEventRow(long Seq, string Type, string CardId, long Offline);
