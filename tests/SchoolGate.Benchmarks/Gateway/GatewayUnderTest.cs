using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using SchoolGate.Gateway;
using SchoolGate.Simulator.Devices.Seeding;
using SchoolGate.TestSupport;

namespace SchoolGate.Benchmarks.Gateway;

/// <summary>
/// The real gateway (GatewayApp.Create, Release build, system clock) on free loopback ports with a
/// temporary SQLite file, seeded only through its staff REST API (as a region admin) like an operator would.
/// </summary>
internal sealed class GatewayUnderTest : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private GatewayUnderTest(WebApplication app, string directory, HttpClient http, int mqttPort)
    {
        _app = app;
        _directory = directory;
        Http = http;
        MqttPort = mqttPort;
    }

    public HttpClient Http { get; }

    public int MqttPort { get; }

    /// <summary>The gateway's services, e.g. its store to bulk-load a large school behind the API's back.</summary>
    public IServiceProvider Services => _app.Services;

    public static async Task<GatewayUnderTest> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "schoolgate-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        // Kestrel tells which port it bound; the broker does not, so its port is picked here, and
        // picked again if another process took it first.
        var (app, mqttPort) = await AddressInUse.StartAsync(
            port => GatewayApp.Create(
            [
                $"--urls=http://127.0.0.1:{LoopbackPorts.OsAssigned}",
                $"--Mqtt:Port={port}",
                $"--Store:Path={Path.Combine(directory, "gateway.db")}",
                "--Auth:BootstrapLogin=bench-admin",
                "--Auth:BootstrapPassword=bench-admin-password",
                // One log line per tap/event would measure the console, not the gateway.
                "--Logging:LogLevel:Default=Warning",
            ]),
            app => app.StartAsync());
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{LoopbackPorts.BoundPort(app.Urls)}") };
        await GatewayApiClient.SignInAsync(http, "bench-admin", "bench-admin-password");
        return new GatewayUnderTest(app, directory, http, mqttPort);
    }

    /// <summary>
    /// One school with <paramref name="count"/> entrance turnstiles and as many students, each
    /// with an active card: every benchmark tap is allowed and every event is a real arrival.
    /// No guardians, so no parent messages: this measures ingestion, not the outbox.
    /// </summary>
    public async Task<IReadOnlyList<DeviceCredentials>> SeedTurnstilesAsync(int count)
    {
        var api = new GatewayApiClient(Http);
        var schoolId = await api.CreateSchoolAsync("Benchmark school");
        var devices = new List<DeviceCredentials>(count);
        for (var i = 0; i < count; i++)
        {
            var studentId = await api.CreateStudentAsync(schoolId, $"Student{i}", "Bench");
            var cardId = $"card-bench-{i}";
            await api.IssueCardAsync(cardId, studentId);
            var deviceId = $"turnstile-bench-{i}";
            devices.Add(new DeviceCredentials(deviceId, cardId, await api.RegisterDeviceAsync(deviceId, schoolId, "turnstile", "in", deviceId)));
        }

        return devices;
    }

    public async Task<IReadOnlyDictionary<string, long>> MetricsAsync() =>
        (await Http.GetFromJsonAsync<Dictionary<string, long>>("/api/metrics"))!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal sealed record DeviceCredentials(string DeviceId, string CardId, string? Secret);
