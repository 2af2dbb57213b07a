using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SchoolGate.Gateway;
using SchoolGate.Gateway.Notifications;
using SchoolGate.Gateway.Notifications.Delivery;
using SchoolGate.Gateway.Store;
using SchoolGate.Simulator.Providers.Telegram;

namespace SchoolGate.Simulator.Parents;

/// <param name="Tokens">Bots sharing the load: a school's guardians are on bot (school mod tokens).</param>
/// <param name="Tick">The virtual clock moves in steps of at least this; each step sends what the limits allow.</param>
/// <param name="Naive">The baseline: one queue in arrival order, as a plain outbox would send it (no priorities, no
/// coalescing), the same limits.</param>
/// <param name="MaxHeld">Messages the engine holds in memory (<c>Notifications:Delivery:MaxHeld</c>); null = its default.</param>
public sealed record ParentRushSettings(ParentRushScenario Scenario, int Tokens, int Seed = 7, TimeSpan? Tick = null, string PaidBroadcast = "off",
    bool Naive = false, int? MaxHeld = null);

/// <summary>What one run measured: event-to-send delay of every message, and of the emergency injected at the peak.</summary>
public sealed record ParentRushResult(
    ParentRushSettings Settings, Population Population, int Rows, int Sends, int Delivered, int Undelivered, int TooManyRequests,
    double P50Seconds, double P95Seconds, double MaxSeconds, double EmergencySeconds, TimeSpan RealTime, TimeSpan VirtualTime);

/// <summary>
/// The parents' morning rush on a virtual clock: the real gateway (its store, outbox and delivery
/// engine, with the real Telegram.Bot client) sends to a local Bot API that holds Telegram's
/// limits on the same clock (30 messages/s per bot, 1/s per chat, 429 on a breach). The engine
/// runs with its worker off: this loop inserts each arrival's messages when the clock reaches it,
/// pumps the engine (every send it allows now, awaited over real HTTP), and moves the clock to
/// the next thing due. At the peak one emergency message is queued; its delay is measured too.
/// </summary>
public static class ParentRushRun
{

    public static async Task<ParentRushResult> RunAsync(ParentRushSettings settings, CancellationToken ct)
    {
        var started = TimeProvider.System.GetTimestamp();
        var population = settings.Scenario.Generate(settings.Seed);
        var start = new DateTimeOffset(2026, 9, 7, 2, 30, 0, TimeSpan.Zero); // 07:30 in Almaty
        var clock = new FakeTimeProvider(start);
        var folder = Path.Combine(Path.GetTempPath(), "schoolgate-parents-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var tokens = Enumerable.Range(0, settings.Tokens).Select(i => ($"{100000 + i}:parents-rush-token-{i:D4}-aaaaaaaaaaaa", $"school_bot_{i}")).ToArray();
        await using var telegram = await FakeBotApi.StartNewAsync(clock, null, tokens);
        var app = GatewayApp.Create(GatewayArgs(settings, tokens, telegram.BaseUrl, folder), b => b.Services.AddSingleton<TimeProvider>(clock));
        try
        {
            await app.StartAsync(ct);
            var db = app.Services.GetRequiredService<IDbConnectionFactory>();
            await SeedAsync(db, population, settings.Tokens, ct);
            var engine = app.Services.GetRequiredService<DeliveryEngine>();
            var arrivals = Arrivals(population, start);
            var emergencyAt = start + settings.Scenario.Window * settings.Scenario.PeakAt;
            var tick = settings.Tick ?? TimeSpan.FromMilliseconds(100);
            var maxHeld = settings.MaxHeld ?? new DeliveryOptions().MaxHeld;
            var next = 0;
            var emergencyQueued = false;
            long unloaded = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var now = clock.GetUtcNow();
                var due = new List<QueuedMessage>();
                while (next < arrivals.Count && arrivals[next].CreatedAt <= now)
                {
                    due.Add(arrivals[next++]);
                }

                if (!emergencyQueued && now >= emergencyAt)
                {
                    due.Add(new QueuedMessage(EmergencyRecipient(population, settings.Scenario), 1, "telegram",
                        "Тревога: эвакуация. Дети выходят на стадион.", settings.Naive ? DeliveryPriority.Attendance : DeliveryPriority.Emergency,
                        "emergency", now, null, "emergency-1"));
                    emergencyQueued = true;
                }

                if (due.Count > 0)
                {
                    await using var connection = await db.OpenAsync(ct);
                    await using var transaction = await connection.BeginTransactionAsync(ct);
                    unloaded += await OutboxWriter.QueueAsync(connection, transaction, due);
                    await transaction.CommitAsync(ct);
                }

                // The rows not yet held are the newest ones (the outbox fills in time order): a quick load finds them.
                var loaded = 0;
                if (unloaded > 0 && (due.Count > 0 || engine.Held < maxHeld / 2))
                {
                    loaded = await engine.LoadAsync(ct, full: false);
                    unloaded -= loaded;
                }

                await engine.PumpAsync(ct);
                // Done when nothing is held and nothing more came in; rows a load could not find
                // (there should be none) are reported undelivered rather than waited for.
                if (next == arrivals.Count && emergencyQueued && engine.Held == 0 && (unloaded == 0 || loaded == 0))
                {
                    break;
                }

                var wake = engine.NextDue ?? DateTimeOffset.MaxValue;
                if (next < arrivals.Count && arrivals[next].CreatedAt < wake)
                {
                    wake = arrivals[next].CreatedAt;
                }

                if (!emergencyQueued && emergencyAt < wake)
                {
                    wake = emergencyAt;
                }

                clock.SetUtcNow(wake == DateTimeOffset.MaxValue || wake < now + tick ? now + tick : wake);
            }

            return await MeasureAsync(db, settings, population, telegram, clock.GetUtcNow() - start,
                TimeProvider.System.GetElapsedTime(started), ct);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string[] GatewayArgs(ParentRushSettings settings, (string Token, string Username)[] tokens, string telegramUrl, string folder)
    {
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0", $"--Mqtt:Port={FreePort()}", $"--Store:Path={Path.Combine(folder, "gateway.db")}",
            "--Logging:LogLevel:Default=Error", "--Notifications:Delivery:Worker=false", "--Telegram:Updates=off", $"--Telegram:ApiBaseUrl={telegramUrl}",
            $"--Telegram:PaidBroadcast={settings.PaidBroadcast}", $"--Notifications:Delivery:CoalesceSeconds={(settings.Naive ? 0 : new DeliveryOptions().CoalesceSeconds)}",
            $"--Notifications:Delivery:MaxCoalesced={(settings.Naive ? 1 : new DeliveryOptions().MaxCoalesced)}",
            $"--Notifications:Delivery:MaxHeld={settings.MaxHeld ?? new DeliveryOptions().MaxHeld}",
            "--Auth:SigningKey=parents-rush-simulation-signing-key-0123456789abcdef",
        };
        for (var i = 0; i < tokens.Length; i++)
        {
            args.AddRange([$"--Telegram:Bots:{i}:Name=bot{i}", $"--Telegram:Bots:{i}:Token={tokens[i].Token}", $"--Telegram:Bots:{i}:Username={tokens[i].Username}"]);
        }

        return [.. args];
    }

    /// <summary>One school row per school, one student per child, one guardian per guardian (chat = id), on their school's bot.</summary>
    private static async Task SeedAsync(IDbConnectionFactory db, Population population, int tokens, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync("INSERT INTO schools (name, name_key) VALUES (@name, @name)",
            Enumerable.Range(0, population.Schools).Select(i => new { name = $"school {i}" }), transaction);
        foreach (var family in population.Families)
        {
            await connection.ExecuteAsync("INSERT INTO students (id, school_id, first_name, last_name) VALUES (@id, @school, @first, 'X')",
                Enumerable.Range(family.FirstChild + 1, family.Children).Select(id => new { id, school = family.School + 1, first = FirstName(id) }),
                transaction);
            await connection.ExecuteAsync("""
                INSERT INTO guardians (id, first_name, last_name, telegram_chat_id, telegram_bot, language)
                VALUES (@id, 'Parent', 'X', @id, @bot, 'ru')
                """,
                Enumerable.Range(family.FirstGuardian + 1, family.Guardians).Select(id => new { id, bot = $"bot{family.School % tokens}" }),
                transaction);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>Every message the morning queues, in time order: one per child and guardian of the family.</summary>
    private static List<QueuedMessage> Arrivals(Population population, DateTimeOffset start)
    {
        var almaty = TimeZoneInfo.FindSystemTimeZoneById("Asia/Almaty");
        var messages = new List<QueuedMessage>();
        foreach (var family in population.Families)
        {
            for (var c = 0; c < family.Children; c++)
            {
                var child = family.FirstChild + c + 1;
                var at = start.AddMilliseconds(family.ArrivalMs + family.ChildOffsetsMs[c]);
                var text = MessageTemplates.ForPassage(MessageTemplates.Russian, "entered", FirstName(child), TimeZoneInfo.ConvertTime(at, almaty));
                for (var g = 0; g < family.Guardians; g++)
                {
                    var guardian = family.FirstGuardian + g + 1;
                    messages.Add(new QueuedMessage(guardian, child, "telegram", text, DeliveryPriority.Attendance, "arrived", at, null,
                        $"rush:{child}:{guardian}"));
                }
            }
        }

        messages.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        return messages;
    }

    private static async Task<ParentRushResult> MeasureAsync(IDbConnectionFactory db, ParentRushSettings settings, Population population,
        FakeBotApi telegram, TimeSpan virtualTime, TimeSpan realTime, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<(string Kind, string Status, long CreatedAt, long? SentAt)>(
            "SELECT kind, status, created_at, sent_at FROM notification_outbox")).ToList();
        var delivered = rows.Where(r => r.Status is "delivered" or "coalesced" && r.SentAt is not null).ToList();
        var delays = delivered.Where(r => r.Kind != "emergency").Select(r => (r.SentAt!.Value - r.CreatedAt) / 1000.0).Order().ToArray();
        var emergency = delivered.Where(r => r.Kind == "emergency").Select(r => (r.SentAt!.Value - r.CreatedAt) / 1000.0)
            .DefaultIfEmpty(double.NaN).First();
        return new ParentRushResult(settings, population, rows.Count, telegram.SentCount, delivered.Count, rows.Count - delivered.Count,
            telegram.TooManyRequestsCount, Percentile(delays, 0.50), Percentile(delays, 0.95), delays.Length == 0 ? double.NaN : delays[^1],
            emergency, realTime, virtualTime);
    }

    /// <summary>
    /// The hardest guardian to reach at the peak: one whose child's arrival message went out half a
    /// second before (after the coalescing hold), so Telegram's one-message-a-second per chat applies.
    /// </summary>
    private static long EmergencyRecipient(Population population, ParentRushScenario scenario)
    {
        var target = scenario.Window.TotalMilliseconds * scenario.PeakAt - (new DeliveryOptions().CoalesceSeconds * 1000 + 500);
        return population.Families.MinBy(f => Math.Abs(f.ArrivalMs - target))!.FirstGuardian + 1;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static readonly string[] Names = ["Aruzhan", "Timur", "Aigerim", "Nurlan", "Dana", "Arman", "Madina", "Yerlan", "Zarina", "Daniyar"];

    private static string FirstName(int child) => Names[child % Names.Length];

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string Format(double seconds) => double.IsNaN(seconds) ? "-" : seconds.ToString("0.0", CultureInfo.InvariantCulture);
}
