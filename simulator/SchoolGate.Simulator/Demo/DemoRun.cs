using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using SchoolGate.Gateway;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Simulator.Devices;
using SchoolGate.Simulator.Devices.Seeding;

namespace SchoolGate.Simulator.Demo;

public static class DemoRun
{
    public const string SchoolTimeZone = "Asia/Almaty";

    public static async Task<int> RunAsync(DemoSettings settings, TextWriter output, CancellationToken ct)
    {
        var time = TimeProvider.System;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(SchoolTimeZone);
        var runTag = "d" + time.GetUtcNow().ToUnixTimeSeconds().ToString("x");
        WebApplication? embedded = null;
        DemoTelegram? telegram = null;
        var lanes = new List<VirtualTurnstile>();
        SchoolBuses? buses = null;
        // Lane journals and, without --store, the gateway's database; deleted however the run ends.
        // Its own name, since runs tagged in the same second could otherwise delete each other's files.
        var storageRoot = Path.Combine(Path.GetTempPath(), "schoolgate-demo", $"{runTag}-{Guid.NewGuid():n}");
        try
        {
            Uri api;
            string mqttHost;
            string? demoPassword = null;
            if (settings.Gateway is null)
            {
                var store = settings.Store ?? Path.Combine(storageRoot, "gateway.db");
                demoPassword = StaffPasswords.Generate();
                telegram = await DemoTelegram.StartAsync();
                embedded = GatewayApp.Create([.. EmbeddedGatewayArgs(settings, store), .. DemoAccount.GatewayArgs(demoPassword), .. telegram.GatewayArgs]);
                await embedded.StartAsync(ct);
                await DemoAccount.PrepareAsync(embedded.Services, demoPassword, ct);
                api = new Uri($"http://localhost:{settings.HttpPort}");
                mqttHost = "127.0.0.1";
                output.WriteLine($"SchoolGate demo: embedded gateway, MQTT broker on :{settings.MqttPort}, SQLite store {store}");
            }
            else
            {
                api = settings.Gateway;
                mqttHost = settings.MqttHost;
                output.WriteLine($"SchoolGate demo: gateway {api}, MQTT broker {mqttHost}:{settings.MqttPort}");
            }

            output.WriteLine($"  Dashboard  {new Uri(api, "/")}" + (demoPassword is null ? "" : $"  (sign in: {DemoAccount.Login} / {demoPassword})"));
            output.WriteLine($"  API page   {new Uri(api, "/api-docs")}");
            output.WriteLine($"  OpenAPI    {new Uri(api, "/openapi/v1.json")}");

            using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
            var client = new GatewayApiClient(http);
            await WaitForHealthAsync(http, ct);
            if (demoPassword is not null)
            {
                await GatewayApiClient.SignInAsync(http, DemoAccount.Login, demoPassword, ct);
            }
            else
            {
                GatewayApiClient.UseApiKey(http, settings.ApiKey!);
            }

            var school = await new SchoolSeeder(client).SeedAsync($"School No. 7, Taraz ({runTag})", settings.Students, settings.EntryLanes, 1, runTag, ct);
            output.WriteLine($"Seeded {school.Name}: {school.Students.Count} students with a guardian and a card each, {school.Devices.Count} turnstiles.");
            if (telegram is not null)
            {
                await telegram.LinkAsync(http, school, output, ct);
            }

            foreach (var device in school.Devices)
            {
                lanes.Add(await VirtualTurnstile.StartAsync(new VirtualTurnstileOptions
                {
                    DeviceId = device.DeviceId,
                    Secret = device.Secret,
                    Direction = device.Direction,
                    MqttHost = mqttHost,
                    MqttPort = settings.MqttPort,
                    StorageDirectory = Path.Combine(storageRoot, device.DeviceId),
                }, ct));
            }

            output.WriteLine($"{lanes.Count} virtual turnstiles (firmware core on simulated GPIO) connected over MQTT.");
            var log = new TapLog(output, zone, time);
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
            // Whatever day the demo runs on, it is a school day: the bus alert watches school mornings only.
            await client.PutAsync($"/api/schools/{school.SchoolId}/calendar/days/{today:yyyy-MM-dd}", new { schoolDay = true, note = "SchoolGate demo" }, ct);
            if (SchoolBuses.CanPlay(school))
            {
                buses = await SchoolBuses.StartAsync(client, school, runTag, mqttHost, settings.MqttPort, storageRoot, time, log, ct);
                output.WriteLine("2 virtual bus validators (firmware core, simulated GPS) connected over MQTT.");
            }

            output.WriteLine();
            // The parents' chats, as the messages arrive in them, among the taps.
            using var chats = new CancellationTokenSource();
            var printing = telegram?.PrintAsync(log, zone, chats.Token) ?? Task.CompletedTask;
            if (buses is not null)
            {
                output.WriteLine("On the buses, earlier this morning:");
                await buses.PlayAsync(log, zone, time, ct);
                output.WriteLine();
            }

            output.WriteLine("Morning arrival:");
            var entry = lanes.Take(settings.EntryLanes).ToList();
            await new MorningRush(school, entry, lanes[^1], settings.Seed, log, buses?.Missing).PlayAsync(client, ct);
            output.WriteLine($"  -- {log.Granted} granted, {log.Refused} refused.");
            if (buses is not null)
            {
                await buses.WaitForAlertAsync(client, school, log, zone, ct);
            }

            if (telegram is not null)
            {
                // One message per passage, one per bus tap, and the alert.
                await telegram.WaitForMessagesAsync(log.Granted + (buses is null ? 0 : buses.Riders.Count + 2), ct);
            }

            await chats.CancelAsync();
            await printing;

            await DemoSummary.PrintAsync(client, school, today, zone, output, ct);
            if (buses is not null)
            {
                await DemoSummary.PrintTimelineAsync(client, buses.Riders[0], today, output, ct);
            }

            if (embedded is not null && !settings.ExitWhenDone)
            {
                output.WriteLine();
                output.WriteLine($"The gateway keeps running: open {new Uri(api, "/")} . Press Ctrl+C to stop.");
                await WaitForCancellationAsync(ct);
            }

            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
        catch (Exception ex) when (embedded is not null && ex is IOException or System.Net.Sockets.SocketException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message.TrimEnd('.')}. Is another gateway running? Pick free ports with --http-port and --mqtt-port.");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
        finally
        {
            try
            {
                foreach (var lane in lanes)
                {
                    await lane.DisposeAsync();
                }

                if (buses is not null)
                {
                    await buses.DisposeAsync();
                }

                if (embedded is not null)
                {
                    await embedded.StopAsync(CancellationToken.None);
                    await embedded.DisposeAsync();
                }

                if (telegram is not null)
                {
                    await telegram.DisposeAsync();
                }
            }
            finally
            {
                await DeleteTemporaryFilesAsync(storageRoot);
            }
        }
    }

    private static async Task DeleteTemporaryFilesAsync(string storageRoot)
    {
        // Pooled connections keep the database open, and Windows does not delete open files.
        SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(storageRoot))
            {
                Directory.Delete(storageRoot, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"warning: could not delete the demo's temporary files in {storageRoot}: {ex.Message}");
        }
    }

    private static string[] EmbeddedGatewayArgs(DemoSettings settings, string store)
    {
        var args = new List<string>
        {
            $"--urls=http://localhost:{settings.HttpPort}",
            $"--Mqtt:Port={settings.MqttPort}",
            $"--Store:Path={store}",
            // The demo's morning is whenever it runs, and its bus alert should not take a minute to show.
            "--Journeys:MorningEndsAt=23:59:59",
            "--Journeys:CheckSeconds=1",
        };
        if (!settings.GatewayLogs)
        {
            // The demo prints the story itself; the gateway's own lines would interleave with it.
            args.Add("--Logging:LogLevel:Default=Warning");
            args.Add("--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning");
            // A failed start (a port in use) is reported below in one line, not as a stack trace.
            args.Add("--Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host=None");
            // The demo prints the bus alert from the security list itself.
            args.Add("--Logging:LogLevel:SchoolGate.Gateway.Journeys=Error");
        }

        return [.. args];
    }

    private static async Task WaitForHealthAsync(HttpClient http, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/health", limit.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (!limit.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"The gateway at {http.BaseAddress} did not report healthy within 30 s.");
            }

            await Task.Delay(250, limit.Token);
        }
    }

    private static async Task WaitForCancellationAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
