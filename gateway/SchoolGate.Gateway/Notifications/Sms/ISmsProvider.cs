namespace SchoolGate.Gateway.Notifications.Sms;

/// <summary>One text to one phone.</summary>
/// <param name="Id">The outbox row id: the provider's message id and idempotency key, so a delivery report names the row.</param>
/// <param name="Phone">E.164 (+77012345678).</param>
public sealed record SmsRequest(long Id, string Phone, string Text);

/// <summary>
/// An SMS provider's HTTP API. A send either returns the provider's id for the message or throws
/// a <see cref="DeliveryFailedException"/> classified for the delivery engine: a number that can
/// never receive it is <see cref="DeliveryFailure.Permanent"/>; a provider that is down, slow,
/// out of funds or misconfigured is <see cref="DeliveryFailure.Transient"/> (someone can fix it
/// and the message still matters); a repeat of a message the provider already took is success.
/// </summary>
public interface ISmsProvider
{
    string Name { get; }

    Task<string> SendAsync(SmsRequest request, CancellationToken cancellationToken);
}
