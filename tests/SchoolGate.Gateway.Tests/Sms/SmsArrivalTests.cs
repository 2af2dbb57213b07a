using Microsoft.Extensions.DependencyInjection;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Notifications;

namespace SchoolGate.Gateway.Tests.Sms;

/// <summary>Through the whole gateway: a turnstile passage, the outbox, the dispatcher, the SMS channel, SMSC.</summary>
public sealed class SmsArrivalTests
{
    [Fact]
    public async Task AGuardianWithoutTelegramGetsTheArrivalBySmsAndSmscsReportMarksItDelivered()
    {
        await using var sms = await SmsGateway.StartAsync();
        var gateway = sms.Gateway;
        var s = await gateway.SeedAsync();
        await gateway.LinkGuardianAsync(s.StudentId, await gateway.CreateGuardianAsync("Gulnara"));
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());

        var signal = gateway.Services.GetRequiredService<OutboxSignal>();
        await Eventually.TrueAsync(() =>
        {
            signal.Wake();
            return sms.Smsc.Messages.Count > 0;
        }, "the arrival SMS");
        var row = Assert.Single(await gateway.GetAsync<EventIngestionTests.NotificationDto[]>("/api/notifications"), n => n.Channel == "sms");
        var text = Assert.Single(sms.Smsc.Messages);
        Assert.Equal((row.Id, "77010000000", row.Text), (text.Id, text.Phone, text.Text));
        Assert.Contains("Aruzhan", text.Text);

        // The engine records SMSC's id with the row; SMSC's report then finds it.
        await Eventually.GetAsync(() => gateway.GetAsync<EventIngestionTests.NotificationDto[]>("/api/notifications"),
            rows => rows.Single(n => n.Id == row.Id).Status == "sent", "the row marked sent");
        Assert.Equal(System.Net.HttpStatusCode.OK, await sms.Smsc.ReportDeliveredAsync(text.Id));
        var delivered = await gateway.GetAsync<EventIngestionTests.NotificationDto[]>("/api/notifications");
        Assert.Equal("delivered", delivered.Single(n => n.Id == row.Id).Status);
    }
}
