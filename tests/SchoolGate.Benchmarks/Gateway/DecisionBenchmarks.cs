using System.Buffers;
using System.Net.Http.Json;
using BenchmarkDotNet.Attributes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Store;
using SchoolGate.Simulator.Devices.Seeding;

namespace SchoolGate.Benchmarks.Gateway;

/// <summary>
/// The entrance decision with every rule on against today's decision, on one gateway in one run:
/// two schools of 2,000 students each with an active card. The baseline school has no rules
/// configured (the decision every school had before the entrance rules: known lane, active card,
/// active student of the school). The other has 80 classes on two shifts, a six-day week, holidays
/// and exceptional days, calendar, shift and anti-passback checks on, validity dates on every card,
/// presence rows for every student (half of them inside) and temporary passes and overrides of
/// other students. Each operation is one access/request -> access/decision round trip over MQTT
/// (allowed), so Ratio is what the rules add to the whole tap, not to the query alone.
/// </summary>
[Config(typeof(IngestionBenchmarks.ShortRunConfig))]
public class DecisionBenchmarks
{
    public const int Students = 2000;

    private GatewayUnderTest? _gateway;
    private BenchDevice? _baseline;
    private BenchDevice? _rules;

    [GlobalSetup]
    public async Task Start()
    {
        _gateway = await GatewayUnderTest.StartAsync();
        var api = new GatewayApiClient(_gateway.Http);
        var plain = await api.CreateSchoolAsync("Today's school");
        var ruled = await api.CreateSchoolAsync("School with every rule");
        var plainSecret = await api.RegisterDeviceAsync("turnstile-today", plain, "turnstile", "in", "turnstile-today");
        var ruledSecret = await api.RegisterDeviceAsync("turnstile-rules", ruled, "turnstile", "in", "turnstile-rules");
        await ConfigureRulesAsync(_gateway.Http, ruled);
        await LoadStudentsAsync(_gateway.Services.GetRequiredService<IDbConnectionFactory>(), plain, ruled);
        _baseline = await BenchDevice.ConnectAsync(_gateway.MqttPort, "turnstile-today", "card-today-1000", plainSecret, [Topics.AccessDecision]);
        _rules = await BenchDevice.ConnectAsync(_gateway.MqttPort, "turnstile-rules", "card-rules-1000", ruledSecret, [Topics.AccessDecision]);
        // Both must be allowed, or the benchmark would time a refusal.
        await TapAsync(_baseline, Reasons.Ok);
        await TapAsync(_rules, Reasons.Ok);
    }

    [GlobalCleanup]
    public async Task Stop()
    {
        foreach (var device in new[] { _baseline, _rules })
        {
            if (device is not null)
            {
                await device.DisposeAsync();
            }
        }

        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
            _gateway = null;
        }
    }

    [Benchmark(Baseline = true)]
    public Task TodaysDecision() => TapAsync(_baseline!, Reasons.Ok);

    [Benchmark]
    public Task DecisionWithEveryRule() => TapAsync(_rules!, Reasons.Ok);

    private static async Task TapAsync(BenchDevice device, string expected)
    {
        var requestId = device.NextRequestId();
        await device.PublishAsync(Topics.AccessRequest, ProtocolCodec.Encode(
            new AccessRequest(device.DeviceId, requestId, device.CardId, Directions.In, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds())));
        var message = await device.NextAsync(Topics.AccessDecision);
        var payload = message.Payload;
        ReadOnlySpan<byte> bytes = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
        if (!ProtocolCodec.TryDecode(bytes, ProtocolJsonContext.Default.AccessDecision, out var decision, out var error)
            || decision.RequestId != requestId || decision.Reason != expected)
        {
            throw new InvalidOperationException($"unexpected decision {decision} ({error}) for request {requestId}");
        }
    }

    /// <summary>
    /// Through the staff API, as a school admin would. The benchmark runs on the system clock, so
    /// the bench student's shift is open now (its window is set around the time of the run).
    /// </summary>
    private static async Task ConfigureRulesAsync(HttpClient http, long school)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Almaty");
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone);
        var minute = local.Hour * 60 + local.Minute;
        var (start, end) = (Math.Max(0, minute - 10), Math.Min(24 * 60 - 1, minute + 180));
        var today = DateOnly.FromDateTime(local.DateTime);
        await PutAsync(http, $"/api/schools/{school}/rules", new { checkCalendar = true, checkShifts = true, antiPassback = true });
        await PutAsync(http, $"/api/schools/{school}/calendar/week",
            new { days = new[] { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" } });
        await PutAsync(http, $"/api/schools/{school}/shifts", new
        {
            shifts = new object[]
            {
                new { shift = 1, startsAt = Time(start), endsAt = Time(end), entryOpensBeforeMinutes = 0 },
                new { shift = 2, startsAt = Time(Math.Min(end, 23 * 60)), endsAt = "23:59", entryOpensBeforeMinutes = 30 },
            },
        });
        for (var i = 1; i <= 10; i++)
        {
            var from = today.AddDays(i * 20);
            var response = await http.PostAsJsonAsync($"/api/schools/{school}/calendar/holidays",
                new { name = $"Holiday {i}", from = Day(from), to = Day(from.AddDays(3)) });
            response.EnsureSuccessStatusCode();
            await PutAsync(http, $"/api/schools/{school}/calendar/days/{Day(today.AddDays(-i * 7))}", new { schoolDay = false, note = "closed" });
        }

        static string Time(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";
    }

    /// <summary>Bulk rows straight into the store: 4,000 students through the API would take longer than the benchmark.</summary>
    private static async Task LoadStudentsAsync(IDbConnectionFactory db, long plain, long ruled)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Almaty")).DateTime);
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var connection = await db.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        var classes = new List<long>();
        for (var c = 0; c < 80; c++)
        {
            // Class 0 (the bench student's) is on shift 1, whose window is open now.
            classes.Add(await connection.ExecuteScalarAsync<long>(
                "INSERT INTO classes (school_id, name, shift, teacher_name) VALUES (@ruled, @name, @shift, 'Teacher') RETURNING id",
                new { ruled, name = $"{c % 11 + 1}-{c}", shift = c % 2 + 1 }, transaction));
        }

        foreach (var (school, prefix) in new[] { (plain, "today"), (ruled, "rules") })
        {
            for (var i = 0; i < Students; i++)
            {
                long? classId = school == ruled ? classes[i == 1000 ? 0 : i % classes.Count] : null;
                var id = await connection.ExecuteScalarAsync<long>(
                    "INSERT INTO students (school_id, first_name, last_name, active, class_id) VALUES (@school, @first, 'Bench', 1, @classId) RETURNING id",
                    new { school, first = $"Student{i}", classId }, transaction);
                await connection.ExecuteAsync(
                    "INSERT INTO cards (card_id, student_id, status, valid_from, valid_until) VALUES (@card, @id, 'active', @from, @until)",
                    new
                    {
                        card = $"card-{prefix}-{i}", id,
                        from = school == ruled ? Day(today.AddDays(-100)) : null, until = school == ruled ? Day(today.AddDays(100)) : null,
                    }, transaction);
                if (school != ruled)
                {
                    continue;
                }

                // The bench student (1000) exited today; every other even one is inside.
                await connection.ExecuteAsync(
                    "INSERT INTO presence (student_id, school_day, inside, changed_at, device_id) VALUES (@id, @day, @inside, @nowMs, 'turnstile-rules')",
                    new { id, day = Day(today), inside = i % 2 == 0 && i != 1000 ? 1 : 0, nowMs }, transaction);
                if (i % 100 == 1)
                {
                    await connection.ExecuteAsync("""
                        INSERT INTO temporary_passes (school_id, student_id, card_id, reason, school_day, issued_at, expires_at, issued_by)
                        VALUES (@ruled, @id, @spare, 'forgot', @day, @nowMs, @until, 'bench');
                        INSERT INTO access_overrides (school_id, student_id, reason, created_by, created_at, expires_at)
                        VALUES (@ruled, @id, 'late bus', 'bench', @nowMs, @until)
                        """, new { ruled, id, spare = $"spare-{i}", day = Day(today), nowMs, until = nowMs + 3_600_000 }, transaction);
                }
            }
        }

        await transaction.CommitAsync();
    }

    private static async Task PutAsync(HttpClient http, string path, object body) =>
        (await http.PutAsJsonAsync(path, body)).EnsureSuccessStatusCode();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
