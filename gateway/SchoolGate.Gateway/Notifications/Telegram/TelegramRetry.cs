using SchoolGate.Gateway.Diagnostics;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// Keeps a bot's talk with Telegram going (polling, registering the webhook): a step that fails
/// (Telegram unreachable, a 409, a 5xx) is counted in telegramPollingErrors, logged the first
/// and every tenth time in a row (an outage of hours must not flood the log), and tried again
/// after 1 s doubling to 60 s on the gateway's clock. It ends only when the step is done or the
/// gateway stops.
/// </summary>
public sealed class TelegramRetry(TelegramBot bot, string what, GatewayMetrics metrics, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    /// <param name="step">One round; true when there is nothing more to do.</param>
    public async Task RunAsync(Func<CancellationToken, Task<bool>> step, CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var done = await step(stopping);
                if (failures > 0)
                {
                    logger.LogInformation("Telegram bot {Bot}: {What} works again after {Failures} failed attempts", bot.Name, what, failures);
                    failures = 0;
                }

                if (done)
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                metrics.TelegramPollingErrors.Add();
                if (failures % 10 == 1)
                {
                    logger.LogWarning("Telegram bot {Bot}: {What} failed ({Failures} in a row): {Error}", bot.Name, what, failures, ex.Message);
                }

                try
                {
                    await Task.Delay(Backoff(failures), time, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public static TimeSpan Backoff(int failures) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(failures - 1, 10))));
}
