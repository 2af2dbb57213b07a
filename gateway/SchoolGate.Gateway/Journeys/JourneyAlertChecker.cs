using Microsoft.Extensions.Options;

namespace SchoolGate.Gateway.Journeys;

/// <summary>
/// Runs the cross-rule's deadline check every Journeys:CheckSeconds of the gateway's clock
/// (TimeProvider: tests move a FakeTimeProvider). The state is in journey_alerts, so a restart
/// loses nothing: the first check after it raises whatever fell due meanwhile.
/// </summary>
public sealed class JourneyAlertChecker(JourneyAlerts alerts, TimeProvider time, IOptions<JourneyOptions> options, ILogger<JourneyAlertChecker> logger)
    : BackgroundService
{
    /// <summary>Completed checks (the clock's time they looked at, the alerts raised), for tests that wait for one after moving the clock.</summary>
    public event Action<DateTimeOffset, int>? Checked;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.CheckSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            try
            {
                var raised = await alerts.RaiseDueAsync(now, stoppingToken);
                if (raised > 0)
                {
                    logger.LogWarning("Raised {Count} bus-but-not-at-school alert(s)", raised);
                }

                Checked?.Invoke(now, raised);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The bus-but-not-at-school check failed; it runs again in {Interval}", interval);
            }

            // From the start of this check, not its end: a clock that moved on while it ran (a long
            // check, a test's clock) gets its next check at once.
            var wait = now + interval - time.GetUtcNow();
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
