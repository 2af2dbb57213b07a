using Microsoft.Extensions.DependencyInjection;
using SchoolGate.Gateway.Notifications;

namespace SchoolGate.Gateway.Tests.Delivery;

public sealed class OutboxRetentionTests
{
    [Fact]
    public async Task TextOfAMessagePastRetentionIsBlankedButOneStillOnItsWayIsKept()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var guardian = await gateway.CreateGuardianAsync("Gulnara");
        var old = gateway.Time.GetUtcNow().AddDays(-91).ToUnixTimeMilliseconds();
        gateway.Store.Execute("""
            INSERT INTO notification_outbox (guardian_id, student_id, channel, text, created_at, status, dedupe_key)
            VALUES (@guardian, @student, 'log', 'Aruzhan: вход в школу в 07:52', @old, 'delivered', 'old-1'),
                   (@guardian, @student, 'log', 'Aruzhan: выход из школы в 14:05', @old, 'queued', 'old-2'),
                   (@guardian, @student, 'log', 'Aruzhan: вход в школу в 07:50', @recent, 'delivered', 'new-1')
            """, new { guardian, student = s.StudentId, old, recent = gateway.Time.GetUtcNow().ToUnixTimeMilliseconds() });

        var purged = await gateway.Services.GetRequiredService<OutboxRetention>().PurgeAsync(CancellationToken.None);

        Assert.Equal(1, purged);
        Assert.Equal("", gateway.Store.Scalar<string>("SELECT text FROM notification_outbox WHERE dedupe_key = 'old-1'"));
        Assert.NotNull(gateway.Store.Scalar<long?>("SELECT purged_at FROM notification_outbox WHERE dedupe_key = 'old-1'"));
        Assert.Contains("14:05", gateway.Store.Scalar<string>("SELECT text FROM notification_outbox WHERE dedupe_key = 'old-2'"));
        Assert.Contains("07:50", gateway.Store.Scalar<string>("SELECT text FROM notification_outbox WHERE dedupe_key = 'new-1'"));
    }
}
