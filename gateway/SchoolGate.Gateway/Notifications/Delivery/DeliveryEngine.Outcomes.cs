using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Notifications.Delivery;

/// <summary>How a row enters the engine, goes out, and what its outcome does to it.</summary>
public sealed partial class DeliveryEngine
{
    /// <summary>Holds a claimed row for sending; returns its outcome instead when no channel can reach the guardian.</summary>
    private RowOutcome? Admit(QueuedRow row, long nowMs)
    {
        var contact = row.Contact;
        // The channel chosen when the message was queued may no longer reach the guardian (the
        // chat was unlinked or blocked since): route it again.
        var channel = _router.Find(row.Channel) is { } queued && queued.CanReach(contact) ? queued : _router.Route(contact);
        if (channel is null)
        {
            return new RowOutcome(row.Id, "failed", row.Channel, null, "no channel can reach the guardian (no linked Telegram chat, no valid phone)",
                CountsAttempt: false);
        }

        var priority = (int)Math.Clamp(row.Priority, DeliveryPriority.Emergency, DeliveryPriority.Canteen);
        var notBefore = row.NotBefore ?? 0;
        var hold = DeliveryPriority.IsUrgent(priority) ? 0 : (long)(_options.CoalesceSeconds * 1000);
        var item = new DeliveryItem
        {
            Id = row.Id,
            GuardianId = row.GuardianId,
            StudentId = row.StudentId,
            Channel = channel.Name,
            Recipient = "",
            Text = row.Text,
            Priority = priority,
            CreatedAtMs = row.CreatedAt,
            NotBeforeMs = notBefore,
            EligibleAtMs = Math.Max(notBefore, row.CreatedAt + hold),
            Attempts = (int)row.Attempts,
            Contact = contact,
        };
        Address(item, channel);
        _scheduler.Add(item, nowMs);
        return null;
    }

    private static void Address(DeliveryItem item, INotificationChannel channel)
    {
        item.Channel = channel.Name;
        (item.Lane, item.Recipient) = channel is IRateLimitedChannel limited
            ? limited.AddressOf(item.Contact)
            : (null, $"guardian:{item.GuardianId}");
    }

    private async Task SendAsync(DeliveryBatch batch)
    {
        var channel = _router.Find(batch.Channel)!;
        var carrier = batch.Carrier;
        // Coalesced messages are one line each (a child's first name, what, when).
        var text = batch.Items.Count == 1 ? carrier.Text : string.Join('\n', batch.Items.Select(i => i.Text));
        var message = new OutboxMessage(carrier.Id, carrier.GuardianId, carrier.StudentId, channel.Name, text,
            UnixTime.FromMs(carrier.CreatedAtMs), carrier.Contact.Phone, carrier.Contact.TelegramChatId, batch.Priority, batch.Lane);
        DeliveryReceipt? receipt = null;
        DeliveryFailedException? failure = null;
        try
        {
            // Not the engine's stopping token: a request that left is let finish (the HTTP client's
            // timeout bounds it), so its outcome is known and recorded instead of becoming 'unknown'.
            receipt = await channel.SendAsync(message, CancellationToken.None);
        }
        catch (DeliveryFailedException ex)
        {
            failure = ex;
        }
        catch (Exception ex)
        {
            failure = new DeliveryFailedException(DeliveryFailure.Transient, $"{ex.GetType().Name}: {ex.Message}", inner: ex);
        }

        _finished.Enqueue(new Finished(batch, channel, receipt, failure, _time.NowMs()));
        _finishedSignal.Release();
        if (Interlocked.Decrement(ref _inFlight) == 0)
        {
            Volatile.Read(ref _sendsDone).TrySetResult();
        }
    }

    /// <summary>
    /// Writes the outcomes of finished sends and applies them to what is held (retries, fallbacks,
    /// pauses). If the store fails, the outcomes are kept and written on the next call: the rows
    /// stay 'sending' meanwhile, so none of them goes out again.
    /// </summary>
    public async Task<int> RecordAsync(CancellationToken ct)
    {
        while (_finished.TryDequeue(out var finished))
        {
            _unrecorded.Add(finished);
        }

        if (_unrecorded.Count == 0)
        {
            return 0;
        }

        var now = _time.NowMs();
        try
        {
            await RecordAsync(_unrecorded, now, ct);
            var count = _unrecorded.Count;
            _unrecorded.Clear();
            return count;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && _unrecorded.Count > 1)
        {
            // One row the store refuses must not hold up its neighbours: one by one, keeping only
            // the ones that still fail (their rows stay 'sending' meanwhile, so none goes twice).
            _logger.LogWarning(ex, "Recording {Count} parent message outcomes failed; recording them one by one", _unrecorded.Count);
            var recorded = 0;
            foreach (var finished in _unrecorded.ToArray())
            {
                try
                {
                    await RecordAsync([finished], now, ct);
                    _unrecorded.Remove(finished);
                    recorded++;
                }
                catch (Exception one) when (!ct.IsCancellationRequested)
                {
                    _logger.LogError(one, "Parent message {Id}: its outcome could not be recorded; trying again", finished.Batch.Carrier.Id);
                }
            }

            return recorded;
        }
    }

    private async Task RecordAsync(IReadOnlyList<Finished> finished, long nowMs, CancellationToken ct)
    {
        var outcomes = new List<RowOutcome>();
        var blocked = new List<(long, long)>();
        var after = new List<Action>();
        foreach (var one in finished)
        {
            Decide(one, nowMs, outcomes, blocked, after);
        }

        await _store.RecordAsync(outcomes, blocked, nowMs, ct);
        foreach (var action in after)
        {
            action();
        }
    }

    private void Decide(Finished finished, long nowMs, List<RowOutcome> outcomes, List<(long, long)> blocked, List<Action> after)
    {
        var batch = finished.Batch;
        var channel = finished.Channel.Name;
        after.Add(() => _scheduler.Complete(batch, nowMs));
        if (finished.Receipt is { } receipt)
        {
            var deliveredAt = receipt.Delivered ? finished.AtMs : (long?)null;
            var carrier = batch.Carrier;
            outcomes.Add(new RowOutcome(carrier.Id, receipt.Delivered ? "delivered" : "sent", channel, batch.Lane,
                ProviderId: receipt.ProviderId, SentAt: finished.AtMs, DeliveredAt: deliveredAt));
            foreach (var item in batch.Items.Skip(1))
            {
                outcomes.Add(new RowOutcome(item.Id, "coalesced", channel, batch.Lane, ProviderId: receipt.ProviderId,
                    SentAt: finished.AtMs, DeliveredAt: deliveredAt, CoalescedInto: carrier.Id));
            }

            after.Add(() =>
            {
                _metrics.PerChannel("parentMessagesSent", channel).Add();
                _metrics.PerChannel("parentMessagesCoalesced", channel).Add(batch.Items.Count - 1);
            });
            return;
        }

        var failure = finished.Failure!;
        if (failure.Failure == DeliveryFailure.RateLimited)
        {
            var until = finished.AtMs + (long)(failure.RetryAfter ?? TimeSpan.FromSeconds(1)).TotalMilliseconds;
            foreach (var item in batch.Items)
            {
                outcomes.Add(new RowOutcome(item.Id, "queued", channel, batch.Lane, failure.Message, NotBefore: until, CountsAttempt: false));
                after.Add(() => _scheduler.Retry(item, until, nowMs));
            }

            after.Add(() =>
            {
                _scheduler.Pause(batch, until, nowMs);
                _metrics.PerChannel("parentMessagesRateLimited", channel).Add();
            });
            return;
        }

        if (failure.Failure == DeliveryFailure.RecipientBlocked && batch.Carrier.Contact.TelegramChatId is { } chat)
        {
            blocked.Add((batch.Carrier.GuardianId, chat));
        }

        foreach (var item in batch.Items)
        {
            var attempts = item.Attempts + 1;
            if (failure.Failure == DeliveryFailure.RecipientBlocked)
            {
                // Only a copy: the item itself changes once the outcome is recorded.
                var contact = item.Contact with { TelegramBlockedAt = nowMs };
                after.Add(() => item.Contact = contact);
            }

            var giveUpHere = failure.Failure is DeliveryFailure.RecipientBlocked or DeliveryFailure.Permanent
                || (item.IsUrgent && attempts >= _options.UrgentFallbackAfterAttempts)
                || attempts >= _options.MaxAttempts;
            var reach = failure.Failure == DeliveryFailure.RecipientBlocked ? item.Contact with { TelegramBlockedAt = nowMs } : item.Contact;
            var fallback = giveUpHere ? _router.FallbackAfter(channel, reach) : null;
            if (fallback is not null)
            {
                outcomes.Add(new RowOutcome(item.Id, "queued", fallback.Name, null, $"{channel}: {failure.Message}; going by {fallback.Name}",
                    NotBefore: nowMs));
                after.Add(() =>
                {
                    item.Attempts = attempts;
                    Address(item, fallback);
                    _scheduler.Retry(item, nowMs, nowMs);
                    _metrics.PerChannel("parentMessagesFallbacks", channel).Add();
                });
            }
            else if (giveUpHere)
            {
                outcomes.Add(new RowOutcome(item.Id, "failed", channel, batch.Lane, $"{channel}: {failure.Message}"));
                after.Add(() => _metrics.PerChannel("parentMessagesFailed", channel).Add());
            }
            else
            {
                // 5 s, 10 s, 20 s, ...: a provider that is down gets room to come back.
                var retryAt = nowMs + 5000L * (1L << Math.Min(attempts - 1, 10));
                outcomes.Add(new RowOutcome(item.Id, "queued", channel, batch.Lane, $"{channel}: {failure.Message}", NotBefore: retryAt));
                after.Add(() =>
                {
                    item.Attempts = attempts;
                    _scheduler.Retry(item, retryAt, nowMs);
                });
            }
        }
    }
}
