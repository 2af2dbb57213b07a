using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Tests;

public sealed class AccessRequestValidationTests
{
    [Theory]
    [InlineData("sideways")]
    [InlineData("")]
    [InlineData("IN")]
    public async Task RefusesAnAccessRequestWhoseDirectionIsNeitherInNorOut(string direction)
    {
        var log = new TestLog();
        await using var gateway = await TestGateway.StartAsync(configure: b => b.Logging.AddProvider(log));
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var published = await device.PublishAsync(Topics.AccessRequest,
            ProtocolCodec.Encode(new AccessRequest(s.DeviceId, 1000, s.CardId, direction, 0)));

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, published.ReasonCode);
        // No decision for request 1000: the next decision the device gets answers its next request.
        Assert.True((await device.RequestAccessAsync(s.CardId)).Allow);
        var metrics = await gateway.MetricsAsync();
        Assert.Equal(1, metrics["malformedPayloads"]);
        Assert.Equal(1, metrics["accessRequests"]);
        Assert.Contains(log.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("direction must be \"in\" or \"out\""));
    }

    [Fact]
    public async Task ClipsAnOverlongDirectionInTheLog()
    {
        var log = new TestLog();
        await using var gateway = await TestGateway.StartAsync(configure: b => b.Logging.AddProvider(log));
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var direction = "in\n" + new string('x', 2000);

        var published = await device.PublishAsync(Topics.AccessRequest,
            ProtocolCodec.Encode(new AccessRequest(s.DeviceId, 1, s.CardId, direction, 0)));

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, published.ReasonCode);
        var line = Assert.Single(log.Lines, l => l.Text.Contains("direction must be"));
        Assert.True(line.Text.Length < 300, line.Text);
        Assert.DoesNotContain('\n', line.Text);
    }

    [Theory]
    [InlineData("card/1")]
    [InlineData("card#1")]
    [InlineData("card+1")]
    [InlineData("card\n1")]
    [InlineData("card 1")]
    [InlineData("kártya")]
    [InlineData("")]
    public async Task RefusesAnAccessRequestWhoseCardIdIsNotAValidIdAsEventsDo(string cardId)
    {
        var log = new TestLog();
        await using var gateway = await TestGateway.StartAsync(configure: b => b.Logging.AddProvider(log));
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var request = await device.PublishAsync(Topics.AccessRequest,
            ProtocolCodec.Encode(new AccessRequest(s.DeviceId, 1000, cardId, Directions.In, 0)));
        var passage = await device.PublishAsync(Topics.Events,
            ProtocolCodec.Encode(new PassageEvent(s.DeviceId, 1, PassageTypes.Refused, cardId, Reasons.UnknownCard, false, 0)));

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, request.ReasonCode);
        // The empty card is the one difference: an event may carry none (a passage nobody tapped for).
        Assert.Equal(cardId.Length == 0 ? MqttClientPublishReasonCode.Success : MqttClientPublishReasonCode.PayloadFormatInvalid,
            passage.ReasonCode);
        // No decision for request 1000: the next decision the device gets answers its next request.
        Assert.True((await device.RequestAccessAsync(s.CardId)).Allow);
        var metrics = await gateway.MetricsAsync();
        Assert.Equal(cardId.Length == 0 ? 1 : 2, metrics["malformedPayloads"]);
        Assert.Equal(1, metrics["accessRequests"]);
        Assert.Equal(0, metrics["accessDenied"]);
        var recent = await gateway.GetAsync<RecentDto[]>("/api/access/recent");
        Assert.Equal([s.CardId], recent.Select(r => r.CardId));
        Assert.Contains(log.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("cardId is not a valid id"));
        Assert.DoesNotContain(log.Lines, l => l.Text.Contains('\n'));
    }

    private sealed record RecentDto(string DeviceId, string CardId, bool Allow, string Reason);
}
