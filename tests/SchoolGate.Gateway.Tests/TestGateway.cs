using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;
using MQTTnet.Formatter;

namespace SchoolGate.Gateway.Tests;

/// <summary>
/// The real gateway (GatewayApp.Create) on free loopback ports with its own store (a temp SQLite
/// file, or a fresh PostgreSQL database: see <see cref="TestStore"/>), a FakeTimeProvider for the
/// clock, and helpers that talk to it only through HTTP and MQTT.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    // 02:52 UTC = 07:52 in Almaty (UTC+5): a school morning.
    public static readonly DateTimeOffset DefaultStart = new(2025, 3, 10, 2, 52, 0, TimeSpan.Zero);

    private readonly Action<WebApplicationBuilder>? _configure;
    private readonly bool _ownsStore;
    private WebApplication? _app;

    private TestGateway(string directory, TestStore store, bool ownsStore, FakeTimeProvider time, Action<WebApplicationBuilder>? configure)
    {
        _configure = configure;
        _ownsStore = ownsStore;
        Directory = directory;
        Store = store;
        Time = time;
        HttpPort = FreePort();
        MqttPort = FreePort();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}") };
    }

    public string Directory { get; }

    /// <summary>The gateway's database, to reach behind its back.</summary>
    public TestStore Store { get; }

    public FakeTimeProvider Time { get; }

    public int HttpPort { get; }

    public int MqttPort { get; private set; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("not started");

    /// <summary>
    /// <paramref name="configure"/> runs after the test clock is installed, e.g. to change options.
    /// With <paramref name="sharedStore"/> the gateway runs on another gateway's database (it does
    /// not remove it when disposed), as a second instance in front of one PostgreSQL.
    /// </summary>
    public static async Task<TestGateway> StartAsync(DateTimeOffset? now = null, Action<WebApplicationBuilder>? configure = null,
        TestStore? sharedStore = null)
    {
        var gateway = await CreateAsync(now, configure, sharedStore);
        try
        {
            await gateway.StartAppAsync();
        }
        catch
        {
            // Nobody else can dispose a gateway that never reached the test: its folder and database would stay behind.
            await gateway.DisposeAsync();
            throw;
        }

        return gateway;
    }

    /// <summary>A gateway that is not started yet (<see cref="StartAppAsync"/>), e.g. to start several at once.</summary>
    public static async Task<TestGateway> CreateAsync(DateTimeOffset? now = null, Action<WebApplicationBuilder>? configure = null,
        TestStore? sharedStore = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "schoolgate-gw-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var store = sharedStore ?? await TestStore.CreateAsync(directory);
        return new TestGateway(directory, store, sharedStore is null, new FakeTimeProvider(now ?? DefaultStart), configure);
    }

    /// <summary>Starts an app with <paramref name="settings"/> (e.g. "--Key=value") that must refuse to start; returns the error.</summary>
    public static async Task<OptionsValidationException> RefusedStartAsync(params string[] settings)
    {
        var directory = Path.Combine(Path.GetTempPath(), "schoolgate-gw-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var app = GatewayApp.Create([
                $"--urls=http://127.0.0.1:{FreePort()}", $"--Mqtt:Port={FreePort()}",
                $"--Store:Path={Path.Combine(directory, "gateway.db")}", "--Logging:LogLevel:Default=None", .. settings,
            ]);
            return await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        }
        finally
        {
            TestStore.ClearPools();
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>Stops the app and starts a fresh one on the same database file (a gateway restart).</summary>
    public async Task RestartAsync()
    {
        await StopAppAsync();
        MqttPort = FreePort();
        await StartAppAsync();
    }

    /// <summary>
    /// False: the gateway starts without the test region admin (and <see cref="Http"/> without its
    /// key), as a fresh install does. Set before <see cref="StartAppAsync"/>.
    /// </summary>
    public bool BootstrapAdmin { get; set; } = true;

    /// <summary>
    /// Settings (--Key=value) the app starts with, read before any service is added, as a real
    /// gateway's configuration is (what a feature registers may depend on them, e.g. Sms:Provider).
    /// Set before <see cref="StartAppAsync"/>.
    /// </summary>
    public List<string> Settings { get; } = [];

    public async Task StartAppAsync()
    {
        string[] bootstrap = BootstrapAdmin ? [$"--Auth:BootstrapLogin={AdminLogin}", $"--Auth:BootstrapPassword={AdminPassword}"] : [];
        _app = GatewayApp.Create(
            [
                $"--urls=http://127.0.0.1:{HttpPort}", $"--Mqtt:Port={MqttPort}", .. Store.GatewayArgs, "--Logging:LogLevel:Default=Warning",
                // The clock is frozen unless a test moves it: a message held for a sibling's arrival would wait forever.
                "--Notifications:Delivery:CoalesceSeconds=0", .. bootstrap, .. Settings,
            ],
            b =>
            {
                b.Services.AddSingleton<TimeProvider>(Time);
                _configure?.Invoke(b);
            });
        await _app.StartAsync();
        if (BootstrapAdmin && !Http.DefaultRequestHeaders.Contains("X-Api-Key"))
        {
            // An API key rather than a bearer token: tests move the clock by hours, past any token's life.
            using var admin = await SignInAsync(AdminLogin, AdminPassword);
            var key = await admin.PostAsJsonAsync("/api/auth/keys", new { name = "tests" });
            Assert.Equal(HttpStatusCode.Created, key.StatusCode);
            Http.DefaultRequestHeaders.Add("X-Api-Key", (await key.Content.ReadFromJsonAsync<ApiKeyDto>())!.Key);
        }
    }

    /// <summary>The region admin every test gateway starts with (Auth:BootstrapLogin); <see cref="Http"/> acts as it.</summary>
    public const string AdminLogin = "test-admin";

    public const string AdminPassword = "test-admin-password";

    /// <summary>A client signed in with a bearer token (expires after Auth:TokenMinutes of the test clock).</summary>
    public async Task<HttpClient> SignInAsync(string login, string password)
    {
        var client = new HttpClient { BaseAddress = Http.BaseAddress };
        var response = await client.PostAsJsonAsync("/api/auth/login", new { login, password });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"sign-in of {login} -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var signedIn = (await response.Content.ReadFromJsonAsync<SignedInDto>())!;
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", signedIn.AccessToken);
        return client;
    }

    /// <summary>Creates a staff account (as the region admin) and returns a client signed in as it.</summary>
    public async Task<HttpClient> ClientForAsync(string role, long? schoolId, string? login = null)
    {
        login ??= $"{role}-{schoolId}-{Guid.NewGuid():N}"[..40];
        const string password = "staff-password-1";
        await PostAsync<object>("/api/accounts", new { login, role, schoolId, password });
        return await SignInAsync(login, password);
    }

    private async Task StopAppAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await StopAppAsync();
        if (_ownsStore)
        {
            await Store.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    // ---- Admin API helpers -------------------------------------------------------------------

    public async Task<T> PostAsync<T>(string path, object body)
    {
        var response = await Http.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {path} -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    public async Task<T> GetAsync<T>(string path)
    {
        var response = await Http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    public async Task<long> CreateSchoolAsync(string name) => (await PostAsync<IdDto>("/api/schools", new { name })).Id;

    public async Task<long> CreateStudentAsync(long schoolId, string firstName, string lastName = "Testova") =>
        (await PostAsync<IdDto>("/api/students", new { schoolId, firstName, lastName })).Id;

    public async Task<long> CreateGuardianAsync(string firstName, string lastName = "Parent") =>
        (await PostAsync<IdDto>("/api/guardians", new { firstName, lastName, phone = "+77010000000" })).Id;

    public async Task LinkGuardianAsync(long studentId, long guardianId)
    {
        var response = await Http.PostAsync($"/api/students/{studentId}/guardians/{guardianId}", null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public Task AddCardAsync(string cardId, long studentId) => PostAsync<object>("/api/cards", new { cardId, studentId });

    /// <summary>Registers a device and returns its one-time secret.</summary>
    public async Task<string> RegisterDeviceAsync(string deviceId, long schoolId, string kind = "turnstile", string direction = "in") =>
        (await PostAsync<CredentialsDto>("/api/devices", new { deviceId, schoolId, kind, direction })).Secret;

    public Task<Dictionary<string, long>> MetricsAsync() => GetAsync<Dictionary<string, long>>("/api/metrics");

    /// <summary>A school with one turnstile and one student holding an active card.</summary>
    public async Task<Scenario> SeedAsync(string schoolName = "School 7", string firstName = "Aruzhan")
    {
        var schoolId = await CreateSchoolAsync(schoolName);
        var studentId = await CreateStudentAsync(schoolId, firstName, "Nurlanovna");
        var cardId = $"card-{studentId}-{schoolId}";
        await AddCardAsync(cardId, studentId);
        var deviceId = $"turnstile-{schoolId}";
        var secret = await RegisterDeviceAsync(deviceId, schoolId);
        return new Scenario(schoolId, studentId, cardId, deviceId, secret);
    }

    public Task<TestDevice> ConnectAsync(string deviceId, string secret, MqttProtocolVersion version = MqttProtocolVersion.V500) =>
        TestDevice.ConnectAsync(this, deviceId, secret, version);

    /// <summary>One CONNECT attempt with a throwaway client; returns the broker's answer.</summary>
    public async Task<MqttClientConnectResultCode> TryConnectAsync(string clientId, string? username, string? password,
        MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(ClientOptions(clientId, username, password, version));
        return result.ResultCode;
    }

    public MqttClientOptions ClientOptions(string clientId, string? username, string? password, MqttProtocolVersion version) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", MqttPort)
            .WithClientId(clientId)
            .WithCredentials(username, password)
            .WithProtocolVersion(version)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build();

    public static int FreePort() => LoopbackPorts.Next();

    public sealed record IdDto(long Id);

    public sealed record ApiKeyDto(long Id, string Key);

    public sealed record SignedInDto(string AccessToken, DateTimeOffset ExpiresAt);

    public sealed record CredentialsDto(string DeviceId, string Secret);

    public sealed record Scenario(long SchoolId, long StudentId, string CardId, string DeviceId, string Secret);
}
