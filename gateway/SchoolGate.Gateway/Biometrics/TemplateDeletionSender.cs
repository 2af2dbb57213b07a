using Dapper;
using Microsoft.Extensions.Options;
using MQTTnet;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Devices;
using SchoolGate.Gateway.Diagnostics;
using SchoolGate.Gateway.Mqtt;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Biometrics;

/// <summary>
/// Delivers the pending template deletes (<c>.../biometric/delete</c>, QoS 1, not retained: one
/// retained message per topic could hold only one of several pending deletes). The store is the
/// queue: an enrollment in state 'deleting' is a command owed to its device until the device
/// confirms, so nothing is lost across a gateway restart. A command goes out at once when it is
/// queued, to a device when it subscribes (its reconnect), and again every
/// <see cref="BiometricOptions.ResendAfterSeconds"/> while it stays unconfirmed. Only connected
/// devices are sent to: the broker's sessions live in RAM and a clean one would drop it anyway.
/// </summary>
public sealed class TemplateDeletionSender(
    IDbConnectionFactory db,
    DevicePublisher publisher,
    DevicePresence presence,
    GatewayMetrics metrics,
    TimeProvider time,
    IOptions<BiometricOptions> options,
    ILogger<TemplateDeletionSender> logger) : BackgroundService, IDeviceSubscriptionObserver
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _owedNow = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private bool _sweep;
    private ITimer? _timer;

    private sealed record Pending(long Id, string DeviceId, long TemplateId, long? DeleteSentAt);

    private TimeSpan ResendAfter => TimeSpan.FromSeconds(Math.Max(1, options.Value.ResendAfterSeconds));

    /// <summary>These devices owe deletes that were just queued (after the commit): send at once.</summary>
    public void SendNow(IEnumerable<string> deviceIds)
    {
        lock (_gate)
        {
            _owedNow.UnionWith(deviceIds);
        }

        Wake();
    }

    public void Subscribed(string deviceId, string topicFilter)
    {
        if (MqttTopicFilterComparer.Compare(Topics.ForDevice(deviceId, Topics.BiometricDelete), topicFilter) == MqttTopicFilterCompareResult.IsMatch)
        {
            SendNow([deviceId]);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lock (_gate)
        {
            _timer = time.CreateTimer(_ => Sweep(), null, ResendAfter, ResendAfter);
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _wake.WaitAsync(stoppingToken);
                await SendPendingAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }

        _wake.Dispose();
        base.Dispose();
    }

    private void Sweep()
    {
        lock (_gate)
        {
            _sweep = true;
        }

        Wake();
    }

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already awake: the loop takes every request made so far.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        HashSet<string> owedNow;
        bool sweep;
        lock (_gate)
        {
            owedNow = [.. _owedNow];
            _owedNow.Clear();
            sweep = _sweep;
            _sweep = false;
        }

        if (owedNow.Count == 0 && !sweep)
        {
            return;
        }

        try
        {
            await using var connection = await db.OpenAsync(cancellationToken);
            var pending = await connection.QueryAsync<Pending>("""
                SELECT id AS Id, device_id AS DeviceId, template_id AS TemplateId, delete_sent_at AS DeleteSentAt
                FROM biometric_enrollments WHERE status = 'deleting' ORDER BY id
                """);
            var now = time.NowMs();
            var resendMs = (long)ResendAfter.TotalMilliseconds;
            foreach (var command in pending)
            {
                var due = owedNow.Contains(command.DeviceId) || (sweep && (command.DeleteSentAt is not { } sent || now - sent >= resendMs));
                if (!due || !presence.IsOnline(command.DeviceId))
                {
                    continue;
                }

                await publisher.PublishAsync(command.DeviceId, Topics.BiometricDelete,
                    ProtocolCodec.Encode(new TemplateDelete(command.Id, (int)command.TemplateId)), cancellationToken);
                await connection.ExecuteAsync("""
                    UPDATE biometric_enrollments SET delete_sent_at = @now, delete_attempts = delete_attempts + 1
                    WHERE id = @Id AND status = 'deleting'
                    """,
                    new { command.Id, now });
                metrics.TemplateDeletesSent.Add();
                logger.LogInformation("Biometrics: delete template {TemplateId} (command {CommandId}) -> {DeviceId}",
                    command.TemplateId, command.Id, command.DeviceId);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store or the broker failing: every command is still 'deleting' in the store, and
            // the next sweep (or the device's next subscribe) sends it.
            logger.LogWarning(ex, "Biometrics: sending template deletes failed; the next sweep retries");
        }
    }
}
