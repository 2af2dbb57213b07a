using SchoolGate.Simulator.Devices;
using SchoolGate.Simulator.Devices.Seeding;

namespace SchoolGate.Simulator.Demo;

/// <summary>
/// Plays a compressed school morning on virtual turnstiles: every student taps in on one of the
/// entry lanes, a visitor tries a transport card the school does not know, a student whose card
/// was reported lost is turned away, and a few children leave early through the exit lane.
/// <paramref name="stayingAway"/> never comes (the child who boarded a bus and did not arrive).
/// </summary>
public sealed class MorningRush(SeededSchool school, IReadOnlyList<VirtualTurnstile> entryLanes, VirtualTurnstile exitLane, int seed, TapLog log,
    SeededStudent? stayingAway = null)
{
    public const string VisitorCard = "VISITOR-TRANSPORT-CARD";

    public async Task PlayAsync(GatewayApiClient api, CancellationToken ct)
    {
        var random = new Random(seed);
        var lost = school.Students[^1];
        await api.RevokeCardAsync(lost.CardId, ct);
        log.Note($"{lost.FirstName}'s card {lost.CardId} was reported lost yesterday and is revoked.");

        var arrivals = school.Students.Where(s => s != stayingAway).OrderBy(_ => random.Next()).ToList();
        var queues = entryLanes.Select(_ => new List<string>()).ToList();
        for (var i = 0; i < arrivals.Count; i++)
        {
            queues[i % queues.Count].Add(arrivals[i].CardId);
        }

        queues[0].Insert(Math.Min(2, queues[0].Count), VisitorCard);
        var spacing = queues.Select(_ => random.Next(60, 200)).ToList();

        await Task.WhenAll(entryLanes.Select((lane, i) => PlayLaneAsync(lane, queues[i], spacing[i], ct)));
        foreach (var lane in entryLanes)
        {
            await lane.WaitForJournalDrainedAsync(TimeSpan.FromSeconds(30), ct);
        }

        var early = arrivals.Where(s => s != lost).Take(Math.Min(3, arrivals.Count - 1)).Select(s => s.CardId).ToList();
        log.Note($"Lunch time: {early.Count} children leave early through {exitLane.DeviceId}.");
        await PlayLaneAsync(exitLane, early, 120, ct);
        await exitLane.WaitForJournalDrainedAsync(TimeSpan.FromSeconds(30), ct);
    }

    private async Task PlayLaneAsync(VirtualTurnstile lane, IEnumerable<string> cards, int spacingMs, CancellationToken ct)
    {
        foreach (var card in cards)
        {
            var result = await lane.TapAsync(card, walkThrough: true, ct);
            log.Tap(lane.DeviceId, Describe(card), result);
            await Task.Delay(spacingMs, ct);
        }
    }

    private string Describe(string card)
    {
        var student = school.Students.FirstOrDefault(s => s.CardId == card);
        return student is null ? $"visitor      {card}" : $"{student.FirstName,-10} {card}";
    }
}
