using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SchoolGate.Gateway.Notifications;
using SchoolGate.Gateway.Notifications.Sms;
using SchoolGate.Simulator.Providers.Sms;

namespace SchoolGate.Gateway.Tests.Sms;

/// <summary>A real gateway with SMS configured against a <see cref="FakeSmsc"/> that reports to its callback address.</summary>
public sealed class SmsGateway : IAsyncDisposable
{
    public const string Login = "school-region";
    public const string Password = "smsc-password-1";
    public const string CallbackSecret = "test-callback-secret-0123456789";

    private SmsGateway(TestGateway gateway, FakeSmsc smsc)
    {
        Gateway = gateway;
        Smsc = smsc;
    }

    public TestGateway Gateway { get; }

    public FakeSmsc Smsc { get; }

    public static async Task<SmsGateway> StartAsync()
    {
        var smsc = await FakeSmsc.StartAsync(Login, Password);
        var gateway = await TestGateway.CreateAsync();
        try
        {
            gateway.Settings.AddRange([
                $"--Sms:Provider={SmsOptions.Smsc}", $"--Sms:BaseUrl={smsc.BaseUrl}", $"--Sms:Login={Login}", $"--Sms:Password={Password}",
                $"--Sms:CallbackSecret={CallbackSecret}",
            ]);
            await gateway.StartAppAsync();
        }
        catch
        {
            await gateway.DisposeAsync();
            await smsc.DisposeAsync();
            throw;
        }

        smsc.CallbackUrl = $"{gateway.Http.BaseAddress}sms/smsc/status/{CallbackSecret}";
        return new SmsGateway(gateway, smsc);
    }

    public INotificationChannel Channel => Gateway.Services.GetServices<INotificationChannel>().Single(c => c.Name == SmsChannel.ChannelName);

    /// <summary>
    /// What the delivery engine does with one SMS row: queue it, hand it to the channel (which
    /// sends it to the stand-in), and record the provider's id with the row as sent. Returns the row id.
    /// </summary>
    public async Task<long> SendThroughChannelAsync(string text = "Арујан вошла в школу в 07:52")
    {
        var s = await Gateway.SeedAsync();
        var guardianId = await Gateway.CreateGuardianAsync("Gulnara");
        long id;
        using (var connection = Gateway.Store.Open())
        {
            id = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO notification_outbox (guardian_id, student_id, channel, text, created_at, status, dedupe_key)
                VALUES (@guardianId, @studentId, 'sms', @text, 0, 'sending', @key) RETURNING id
                """, new { guardianId, studentId = s.StudentId, text, key = Guid.NewGuid().ToString("N") });
        }

        var receipt = await Channel.SendAsync(
            new OutboxMessage(id, guardianId, s.StudentId, SmsChannel.ChannelName, text, Gateway.Time.GetUtcNow(), "+77010000000", null),
            CancellationToken.None);
        Gateway.Store.Execute("UPDATE notification_outbox SET status = 'sent', provider_id = @ProviderId WHERE id = @id",
            new { receipt.ProviderId, id });
        return id;
    }

    public OutboxRow Row(long id)
    {
        using var connection = Gateway.Store.Open();
        return connection.QuerySingle<OutboxRow>(
            "SELECT status AS Status, reason AS Reason, delivered_at AS DeliveredAt, provider_id AS ProviderId FROM notification_outbox WHERE id = @id",
            new { id });
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Smsc.DisposeAsync();
    }

    public sealed record OutboxRow(string Status, string? Reason, long? DeliveredAt, string? ProviderId);
}
