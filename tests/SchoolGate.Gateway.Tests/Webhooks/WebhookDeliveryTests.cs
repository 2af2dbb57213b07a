using System.Net;
using System.Text.Json;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Webhooks;

namespace SchoolGate.Gateway.Tests.Webhooks;

/// <summary>Turnstile passages reach an integrator's receiver signed, retried with backoff, and a dead receiver is given up on.</summary>
public sealed class WebhookDeliveryTests
{
    [Fact]
    public async Task APassageIsDeliveredSignedWithTheLeastDataAndTheSchoolsLocalTime()
    {
        await using var hook = await WebhookScenario.StartAsync();
        await using var device = await hook.Gateway.ConnectAsync(hook.School.DeviceId, hook.School.Secret);
        var now = hook.Gateway.Time.GetUtcNow();

        // Not subscribed to exits: the entry after it is the only delivery.
        await device.SendEventAsync(1, PassageTypes.Exited, hook.School.CardId, now.ToUnixTimeMilliseconds());
        await device.SendEventAsync(2, PassageTypes.Entered, hook.School.CardId, now.ToUnixTimeMilliseconds());

        var received = Assert.Single(await hook.ReceivedAsync(1));
        Assert.True(received.SignatureValid);
        Assert.Equal(now.ToUnixTimeSeconds(), received.Timestamp);
        Assert.Equal(WebhookEventKinds.PassageEntered, received.Event);
        using var body = JsonDocument.Parse(received.Body);
        var root = body.RootElement;
        Assert.StartsWith("evt_", root.GetProperty("id").GetString());
        Assert.Equal("passage.entered", root.GetProperty("type").GetString());
        Assert.Equal("2025-03-10T02:52:00.000Z", root.GetProperty("occurredAt").GetString());
        Assert.Equal("2025-03-10T07:52:00.000+05:00", root.GetProperty("schoolLocalTime").GetString());
        Assert.Equal(hook.School.SchoolId, root.GetProperty("schoolId").GetInt64());
        var student = root.GetProperty("data").GetProperty("student");
        Assert.Equal((hook.School.StudentId, "Aruzhan"), (student.GetProperty("id").GetInt64(), student.GetProperty("firstName").GetString()));
        Assert.DoesNotContain("Nurlanovna", received.Body);
        var delivery = Assert.Single(await hook.DeliveriesAsync(d => d.All(x => x.Status == "delivered")));
        Assert.Equal((delivery.Id.ToString(), 1L, 200L), (received.DeliveryId, delivery.Attempts, delivery.LastStatusCode));
        Assert.Equal(1, (await hook.Gateway.MetricsAsync())["webhookDeliveriesSent"]);
    }

    [Fact]
    public async Task AFailedDeliveryIsRetriedOnlyAfterItsBackoffWithTheSameBodyAndDeliveryId()
    {
        await using var hook = await WebhookScenario.StartAsync();
        await using var device = await hook.Gateway.ConnectAsync(hook.School.DeviceId, hook.School.Secret);
        hook.Receiver.Answer = HttpStatusCode.InternalServerError;

        await device.SendEventAsync(1, PassageTypes.Entered, hook.School.CardId, hook.Gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());
        await hook.ReceivedAsync(1);
        var failed = Assert.Single(await hook.DeliveriesAsync(d => d.Single().Attempts == 1));
        var now = hook.Gateway.Time.GetUtcNow();

        Assert.Equal(("queued", 500L, "HTTP 500"), (failed.Status, failed.LastStatusCode, failed.LastError));
        Assert.InRange(failed.NextAttemptAt!.Value, now.AddSeconds(30), now + WebhookBackoff.MaxDelay(hook.Options, 1));
        Assert.Equal(1, (await hook.SubscriptionAsync()).ConsecutiveFailures);

        hook.Receiver.Answer = HttpStatusCode.NoContent;
        hook.Gateway.Time.Advance(WebhookBackoff.MaxDelay(hook.Options, 1));
        var received = await hook.ReceivedAsync(2);

        Assert.Equal(2, received.Count);
        Assert.Equal((received[0].Body, received[0].DeliveryId), (received[1].Body, received[1].DeliveryId));
        Assert.True(received[1].SignatureValid);
        Assert.True(received[1].Timestamp > received[0].Timestamp);
        Assert.Equal("delivered", Assert.Single(await hook.DeliveriesAsync(d => d.Single().Status != "queued")).Status);
        Assert.Equal(0, (await hook.SubscriptionAsync()).ConsecutiveFailures);
    }

    [Fact]
    public async Task AReceiverThatKeepsFailingIsDisabledAndItsSchoolToldThenReEnabledItCatchesUp()
    {
        await using var hook = await WebhookScenario.StartAsync(settings: "--Webhooks:DisableAfterFailures=3");
        await using var device = await hook.Gateway.ConnectAsync(hook.School.DeviceId, hook.School.Secret);
        hook.Receiver.Answer = HttpStatusCode.ServiceUnavailable;

        await device.SendEventAsync(1, PassageTypes.Entered, hook.School.CardId, hook.Gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await hook.ReceivedAsync(attempt);
            await hook.DeliveriesAsync(d => d.Single().Attempts == attempt);
            hook.Gateway.Time.Advance(WebhookBackoff.MaxDelay(hook.Options, attempt));
        }

        var disabled = await hook.SubscriptionAsync();
        Assert.NotNull(disabled.DisabledAt);
        Assert.Equal("3 failed attempts in a row, the last: HTTP 503", disabled.DisabledReason);
        var told = Assert.Single(await hook.Gateway.GetAsync<JsonElement[]>($"/api/audit?schoolId={hook.School.SchoolId}&entity=webhook"),
            e => e.GetProperty("action").GetString() == "disable");
        Assert.Equal(("(gateway)", hook.Subscription.Id.ToString()), (told.GetProperty("actorLogin").GetString(), told.GetProperty("entityId").GetString()));
        Assert.Equal(1, (await hook.Gateway.MetricsAsync())["webhookSubscriptionsDisabled"]);

        hook.Receiver.Answer = HttpStatusCode.OK;
        var enabled = await hook.Gateway.PostAsync<WebhookScenario.SubscriptionDto>($"/api/webhooks/{hook.Subscription.Id}/enable", new { });
        Assert.Equal((null, null, 0L), (enabled.DisabledAt, enabled.DisabledReason, enabled.ConsecutiveFailures));
        await hook.ReceivedAsync(4);
        Assert.Equal("delivered", Assert.Single(await hook.DeliveriesAsync(d => d.Single().Status != "queued")).Status);
    }

    [Fact]
    public async Task ARotatedSecretSignsTheNextDeliveryAndTheOldOneNoLonger()
    {
        await using var hook = await WebhookScenario.StartAsync();
        await using var device = await hook.Gateway.ConnectAsync(hook.School.DeviceId, hook.School.Secret);
        var old = hook.Receiver.Secret!;

        var rotated = await hook.Gateway.PostAsync<WebhookScenario.CreatedDto>($"/api/webhooks/{hook.Subscription.Id}/rotate-secret", new { });
        hook.Receiver.Secret = rotated.Secret;
        await device.SendEventAsync(1, PassageTypes.Entered, hook.School.CardId, hook.Gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());

        var received = Assert.Single(await hook.ReceivedAsync(1));
        Assert.NotEqual(old, rotated.Secret);
        Assert.True(received.SignatureValid);
        Assert.False(WebhookReceiver.Verify(old, received.Timestamp.ToString(), received.Body, received.Signature));
        Assert.NotNull(rotated.Subscription.SecretRotatedAt);
    }
}
