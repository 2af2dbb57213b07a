using System.Globalization;
using System.Text;
using SchoolGate.Gateway.Attendance;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// A guardian's /today: for each of their children, by first name, what every timeline source
/// knows of the school-local day so far, in time order, times in school-local HH:mm.
/// </summary>
public sealed class TodayTimeline(IEnumerable<ITimelineSource> sources, SchoolClock clock)
{
    public async Task<string> RenderAsync(IReadOnlyList<ChildOfGuardian> children, BotTexts texts, CancellationToken ct)
    {
        if (children.Count == 0)
        {
            return texts.NoChildren;
        }

        var day = clock.Today;
        var (from, to) = clock.Bounds(day);
        var ids = children.Select(c => c.StudentId).ToArray();
        var entries = new List<TimelineEntry>();
        foreach (var source in sources)
        {
            entries.AddRange(await source.ReadAsync(ids, from, to, ct));
        }

        var text = new StringBuilder(BotTexts.Fill(texts.TodayHeader, day.ToString("dd.MM", CultureInfo.InvariantCulture)));
        foreach (var child in children)
        {
            text.Append("\n\n").Append(child.FirstName);
            var own = entries.Where(e => e.StudentId == child.StudentId).OrderBy(e => e.At).ToList();
            if (own.Count == 0)
            {
                text.Append('\n').Append(texts.TodayNothingYet);
            }

            foreach (var entry in own)
            {
                text.Append('\n').Append(clock.ToLocal(entry.At).ToString("HH:mm", CultureInfo.InvariantCulture)).Append(" — ").Append(texts.Happened(entry.Kind));
                if (entry.Detail is { } detail)
                {
                    text.Append(" (").Append(detail).Append(')');
                }
            }
        }

        return text.ToString();
    }
}
