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
    /// <summary>Completed checks, for tests that wait for one after moving the clock.</summary>
    public event Action<int>? Checked;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.CheckSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var raised = await alerts.RaiseDueAsync(stoppingToken);
                if (raised > 0)
                {
                    logger.LogWarning("Raised {Count} bus-but-not-at-school alert(s)", raised);
                }

                Checked?.Invoke(raised);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The bus-but-not-at-school check failed; it runs again in {Interval}", interval);
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
