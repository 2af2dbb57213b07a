using System.Globalization;
using System.Text.Json;
using SchoolGate.Simulator.Devices;
using SchoolGate.Simulator.Devices.Seeding;

namespace SchoolGate.Simulator.Demo;

/// <summary>
/// The morning's school buses: virtual bus validators (the real firmware core, a simulated GPS on
/// a route through Taraz) register with the gateway, a third of the children tap their transport
/// card on bus 12, and one child, on the early run of bus 7, boards but never reaches the school
/// entrance. The buses ran before the entrance opened, so each validator's clock is set back
/// (the taps carry the time they "happened"): the child on bus 7 boarded 50 minutes ago, past the
/// school's 45 minutes, and the gateway raises its bus-not-at-school alert while the demo runs;
/// the children of bus 12 boarded 35 minutes ago and come through the entrance in time.
/// </summary>
public sealed class SchoolBuses : IAsyncDisposable
{
    public const string Operator = "Taraz city buses (demo)";

    private static readonly GeoPoint[] TarazRoute =
    [
        new(428_984_000, 713_980_000), new(429_012_000, 713_771_000), new(429_047_000, 713_642_000), new(429_069_000, 713_559_000),
    ];

    private readonly List<VirtualBusValidator> _validators = [];

    private SchoolBuses(SeededStudent missing, IReadOnlyList<SeededStudent> riders)
    {
        Missing = missing;
        Riders = riders;
    }

    /// <summary>The child who boards bus 7 and does not arrive (kept out of the entrance's queue).</summary>
    public SeededStudent Missing { get; }

    /// <summary>The children who ride bus 12 and then come through the entrance.</summary>
    public IReadOnlyList<SeededStudent> Riders { get; }

    /// <summary>The story needs a rider, the child who does not arrive, and the student whose card the morning rush revokes.</summary>
    public static bool CanPlay(SeededSchool school) => school.Students.Count >= 3;

    public static async Task<SchoolBuses> StartAsync(GatewayApiClient api, SeededSchool school, string runTag, string mqttHost, int mqttPort,
        string storageRoot, TimeProvider time, TapLog log, CancellationToken ct)
    {
        // The last student's card is revoked by the morning rush; the one before misses school.
        var missing = school.Students[^2];
        var riders = school.Students.Take(Math.Max(1, (school.Students.Count - 2) / 3)).ToList();
        var buses = new SchoolBuses(missing, riders);
        try
        {
            var vehicles = await RegisterTransportAsync(api, log, ct);
            buses._validators.Add(await StartValidatorAsync(api, school, $"{runTag}-bus-12", "12", "045", vehicles,
                TimeSpan.FromMinutes(-35), mqttHost, mqttPort, storageRoot, time, ct));
            buses._validators.Add(await StartValidatorAsync(api, school, $"{runTag}-bus-7", "7", "112", vehicles,
                TimeSpan.FromMinutes(-50), mqttHost, mqttPort, storageRoot, time, ct));
        }
        catch
        {
            await buses.DisposeAsync();
            throw;
        }

        return buses;
    }

    /// <summary>Taps the riders on bus 12 and the missing child on bus 7, and waits until the gateway has every tap.</summary>
    public async Task PlayAsync(TapLog log, TimeZoneInfo zone, TimeProvider time, CancellationToken ct)
    {
        var bus12 = _validators[0];
        var bus7 = _validators[1];
        log.Note($"Early run of bus 7 (vehicle 112): {Missing.FirstName} taps the transport card at {Clock(time, zone, TimeSpan.FromMinutes(-50))}.");
        bus7.Tap(Missing.CardId);
        log.Note($"Bus 12 (vehicle 045): {Riders.Count} children tap their transport cards at {Clock(time, zone, TimeSpan.FromMinutes(-35))}.");
        foreach (var rider in Riders)
        {
            bus12.Tap(rider.CardId);
            await Task.Delay(20, ct);
        }

        foreach (var validator in _validators)
        {
            await validator.WaitForJournalDrainedAsync(TimeSpan.FromSeconds(30), ct);
        }

        log.Note("The validators' taps are stored; the parents are told which bus their child boarded.");
    }

    /// <summary>Waits for the school's security list to show the bus-not-at-school alert of the missing child.</summary>
    public async Task WaitForAlertAsync(GatewayApiClient api, SeededSchool school, TapLog log, TimeZoneInfo zone, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var alerts = await api.GetAsync($"/api/schools/{school.SchoolId}/journeys/alerts", limit.Token);
                var alert = alerts.EnumerateArray().FirstOrDefault(a =>
                    a.GetProperty("studentId").GetInt64() == Missing.Id && a.GetProperty("status").GetString() == "open");
                if (alert.ValueKind == JsonValueKind.Object)
                {
                    log.Note($"Security list: {Missing.FirstName} {Missing.LastName} boarded bus {alert.GetProperty("route").GetString()} at "
                        + $"{Local(alert, "boardedAt", zone)} and was not through the entrance by {Local(alert, "dueAt", zone)}: "
                        + "the guardian and security are alerted.");
                    return;
                }

                await Task.Delay(500, limit.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            log.Note($"The gateway raised no bus alert for {Missing.FirstName} within 30 s (is its Journeys:CheckSeconds long?).");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var validator in _validators)
        {
            await validator.DisposeAsync();
        }

        _validators.Clear();
    }

    /// <summary>The operator, its routes and vehicles; an API key without region-admin rights skips this (taps still name route and vehicle).</summary>
    private static async Task<Dictionary<string, long>> RegisterTransportAsync(GatewayApiClient api, TapLog log, CancellationToken ct)
    {
        var vehicles = new Dictionary<string, long>();
        try
        {
            var operatorId = (await api.PostAsync("/api/transport/operators", new { name = $"{Operator} {Guid.NewGuid():n}"[..40] }, ct))
                .GetProperty("id").GetInt64();
            foreach (var (route, vehicle) in new[] { ("12", "045"), ("7", "112") })
            {
                await api.PostAsync($"/api/transport/operators/{operatorId}/routes", new { number = route, name = $"Route {route}" }, ct);
                var id = (await api.PostAsync($"/api/transport/operators/{operatorId}/vehicles", new { number = vehicle, plate = (string?)null }, ct))
                    .GetProperty("id").GetInt64();
                vehicles[vehicle] = id;
            }

            vehicles["operator"] = operatorId;
        }
        catch (HttpRequestException ex) when (ex.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            log.Note("The transport registry needs a region admin; the buses run unregistered (their taps still name route and vehicle).");
        }

        return vehicles;
    }

    private static async Task<VirtualBusValidator> StartValidatorAsync(GatewayApiClient api, SeededSchool school, string deviceId, string route,
        string vehicle, Dictionary<string, long> vehicles, TimeSpan clockOffset, string mqttHost, int mqttPort, string storageRoot,
        TimeProvider time, CancellationToken ct)
    {
        var secret = await api.RegisterDeviceAsync(deviceId, school.SchoolId, "bus-validator", null, $"Bus {route}, vehicle {vehicle}", ct);
        if (vehicles.TryGetValue("operator", out var operatorId))
        {
            await api.PutAsync($"/api/transport/validators/{deviceId}", new { operatorId, vehicleId = vehicles[vehicle] }, ct);
        }

        return await VirtualBusValidator.StartAsync(new VirtualBusValidatorOptions
        {
            DeviceId = deviceId,
            Secret = secret,
            MqttHost = mqttHost,
            MqttPort = mqttPort,
            StorageDirectory = Path.Combine(storageRoot, deviceId),
            Time = new ShiftedTimeProvider(time, clockOffset),
            Route = route,
            Vehicle = vehicle,
            GpsRoute = TarazRoute,
        }, ct);
    }

    private static string Clock(TimeProvider time, TimeZoneInfo zone, TimeSpan offset) =>
        TimeZoneInfo.ConvertTime(time.GetUtcNow() + offset, zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Local(JsonElement e, string name, TimeZoneInfo zone) =>
        DateTimeOffset.TryParse(e.GetProperty(name).GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var utc)
            ? TimeZoneInfo.ConvertTime(utc, zone).ToString("HH:mm", CultureInfo.InvariantCulture)
            : "?";
}
