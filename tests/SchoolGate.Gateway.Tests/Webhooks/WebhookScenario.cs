using Microsoft.Extensions.DependencyInjection;
using SchoolGate.Gateway.Notifications;
using SchoolGate.Gateway.Webhooks;

namespace SchoolGate.Gateway.Tests.Webhooks;

/// <summary>A gateway, a school with a turnstile and a student, and an integrator's receiver subscribed to the school's passages.</summary>
public sealed class WebhookScenario : IAsyncDisposable
{
    private WebhookScenario(TestGateway gateway, WebhookReceiver receiver, TestGateway.Scenario school, SubscriptionDto subscription)
    {
        Gateway = gateway;
        Receiver = receiver;
        School = school;
        Subscription = subscription;
    }

    public TestGateway Gateway { get; }

    public WebhookReceiver Receiver { get; }

    public TestGateway.Scenario School { get; }

    public SubscriptionDto Subscription { get; }

    public static async Task<WebhookScenario> StartAsync(string[]? events = null, params string[] settings)
    {
        var receiver = await WebhookReceiver.StartAsync();
        var gateway = await TestGateway.CreateAsync();
        try
        {
            gateway.Settings.AddRange(settings);
            await gateway.StartAppAsync();
            var school = await gateway.SeedAsync();
            var created = await gateway.PostAsync<CreatedDto>("/api/webhooks",
                new { url = receiver.Url, events = events ?? [WebhookEventKinds.PassageEntered], schoolId = school.SchoolId });
            receiver.Secret = created.Secret;
            return new WebhookScenario(gateway, receiver, school, created.Subscription);
        }
        catch
        {
            await gateway.DisposeAsync();
            await receiver.DisposeAsync();
            throw;
        }
    }

    public WebhookOptions Options => Gateway.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value;

    /// <summary>Wakes the dispatcher (instead of waiting for its poll) until the receiver has had <paramref name="count"/> deliveries.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> ReceivedAsync(int count)
    {
        var signal = Gateway.Services.GetRequiredKeyedService<OutboxSignal>(WebhookQueue.SignalKey);
        await Eventually.TrueAsync(() =>
        {
            signal.Wake();
            return Receiver.Received.Count >= count;
        }, $"{count} webhook deliveries");
        return Receiver.Received;
    }

    /// <summary>Waits until the gateway has recorded what the last attempt got (the receiver answers before the gateway writes it down).</summary>
    public Task<DeliveryDto[]> DeliveriesAsync(Func<DeliveryDto[], bool> done) =>
        Eventually.GetAsync(() => Gateway.GetAsync<DeliveryDto[]>($"/api/webhooks/{Subscription.Id}/deliveries"), done, "the deliveries' state");

    public Task<SubscriptionDto> SubscriptionAsync() => Gateway.GetAsync<SubscriptionDto>($"/api/webhooks/{Subscription.Id}");

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    public sealed record SubscriptionDto(long Id, long SchoolId, string Url, string[] Events, string? Description, DateTimeOffset CreatedAt,
        DateTimeOffset? SecretRotatedAt, long ConsecutiveFailures, DateTimeOffset? RetryAt, DateTimeOffset? DisabledAt, string? DisabledReason);

    public sealed record CreatedDto(SubscriptionDto Subscription, string Secret);

    public sealed record DeliveryDto(long Id, string EventId, string Type, string Status, long Attempts, DateTimeOffset CreatedAt,
        DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, long? LastStatusCode, string? LastError);
}
