using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Ingestion;

namespace SchoolGate.Gateway.Tests;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task BatchingPreservesPerDeviceOrderAndStoresEachEventExactlyOnce()
    {
        await using var gateway = await TestGateway.StartAsync();
        var schoolId = await gateway.CreateSchoolAsync("School 3");
        var devices = new[] { "lane-a", "lane-b", "lane-c", "lane-d" };
        foreach (var id in devices)
        {
            await gateway.RegisterDeviceAsync(id, schoolId);
        }

        var writer = gateway.Services.GetRequiredService<EventWriter>();
        var batchSizes = new ConcurrentBag<int>();
        writer.BatchCommitted += batchSizes.Add;
        const int perDevice = 60;

        // Queue every device's events at once, interleaved, each device in seq order and with
        // every 10th event re-sent right after itself (a device re-sending an unacked event).
        var submitted = new List<(string Device, long Seq, Task<EventCommitResult> Result)>();
        for (var seq = 1L; seq <= perDevice; seq++)
        {
            foreach (var id in devices)
            {
                var e = new PassageEvent(id, seq, PassageTypes.Refused, "card-x", Reasons.UnknownCard, false, 0);
                submitted.Add((id, seq, writer.CommitAsync(e, CancellationToken.None)));
                if (seq % 10 == 0)
                {
                    submitted.Add((id, seq, writer.CommitAsync(e, CancellationToken.None)));
                }
            }
        }

        await Task.WhenAll(submitted.Select(s => s.Result));

        Assert.Contains(batchSizes, size => size > 1);
        Assert.All(batchSizes, size => Assert.InRange(size, 1, EventWriter.MaxBatch));
        foreach (var id in devices)
        {
            var results = submitted.Where(s => s.Device == id).Select(s => (s.Seq, Result: s.Result.Result)).ToList();
            // Exactly once: the first copy of each seq is stored, the re-send is a duplicate.
            Assert.Equal(perDevice, results.Count(r => r.Result.Outcome == EventOutcome.Stored));
            Assert.Equal(perDevice / 10, results.Count(r => r.Result.Outcome == EventOutcome.Duplicate));
            // Order: each event is acked with its own seq (no later seq overtook it) and no gap appeared.
            Assert.All(results, r => Assert.Equal(r.Seq, r.Result.AckSeq));
            Assert.All(results, r => Assert.Null(r.Result.Gap));
            Assert.Equal(perDevice, EventIngestionTests.CountEvents(gateway, id));
        }

        Assert.Empty(await gateway.GetAsync<EventIngestionTests.GapDto[]>("/api/gaps"));
    }

    [Fact]
    public async Task ConcurrentDevicesOverMqttAreEachAckedForEveryEvent()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var lanes = new List<TestDevice>();
        for (var i = 0; i < 4; i++)
        {
            var id = $"lane-{i}";
            lanes.Add(await gateway.ConnectAsync(id, await gateway.RegisterDeviceAsync(id, s.SchoolId)));
        }

        var ts = gateway.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var acks = await Task.WhenAll(lanes.Select(async lane =>
        {
            var seen = new List<long>();
            for (var seq = 1; seq <= 25; seq++)
            {
                seen.Add((await lane.SendEventAsync(seq, PassageTypes.Refused, "card-x", ts, reason: Reasons.UnknownCard)).Seq);
            }

            return seen;
        }));

        Assert.All(acks, seen => Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), seen));
        Assert.Equal(100, (await gateway.MetricsAsync())["eventsStored"]);
        foreach (var lane in lanes)
        {
            await lane.DisposeAsync();
        }
    }
}
