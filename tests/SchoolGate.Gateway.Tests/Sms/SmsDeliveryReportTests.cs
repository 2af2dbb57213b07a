using System.Net;
using System.Text;
using System.Text.Json;

namespace SchoolGate.Gateway.Tests.Sms;

/// <summary>SMSC's delivery reports, POSTed by the stand-in to the gateway's callback address as SMSC does.</summary>
public sealed class SmsDeliveryReportTests : IAsyncLifetime
{
    private SmsGateway _sms = null!;

    public async Task InitializeAsync() => _sms = await SmsGateway.StartAsync();

    public async Task DisposeAsync() => await _sms.DisposeAsync();

    [Fact]
    public async Task ADeliveredReportMarksTheRowDeliveredAtTheTimeItArrived()
    {
        var id = await _sms.SendThroughChannelAsync();
        _sms.Gateway.Time.Advance(TimeSpan.FromSeconds(7));

        Assert.Equal(HttpStatusCode.OK, await _sms.Smsc.ReportDeliveredAsync(id));

        var row = _sms.Row(id);
        Assert.Equal(("delivered", id.ToString()), (row.Status, row.ProviderId));
        Assert.Equal(_sms.Gateway.Time.GetUtcNow().ToUnixTimeMilliseconds(), row.DeliveredAt);
        Assert.Equal(1, (await _sms.Gateway.MetricsAsync())["smsReportsApplied"]);
    }

    [Fact]
    public async Task AFinalFailureMarksTheRowFailedWithSmscsReason()
    {
        var id = await _sms.SendThroughChannelAsync();

        Assert.Equal(HttpStatusCode.OK, await _sms.Smsc.ReportFailedAsync(id, status: 22, err: 1));

        var row = _sms.Row(id);
        Assert.Equal("failed", row.Status);
        Assert.Equal("SMSC status 22: wrong number (operator error 1)", row.Reason);
        Assert.Null(row.DeliveredAt);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    public async Task AnIntermediateStatusLeavesTheRowAsItIs(int status)
    {
        var id = await _sms.SendThroughChannelAsync();

        Assert.Equal(HttpStatusCode.OK, await _sms.Smsc.ReportAsync(id, status));

        Assert.Equal("sent", _sms.Row(id).Status);
        Assert.Equal(0, (await _sms.Gateway.MetricsAsync())["smsReportsApplied"]);
    }

    [Fact]
    public async Task RepeatedAndLateReportsNeverMoveADeliveredRowBack()
    {
        var id = await _sms.SendThroughChannelAsync();
        await _sms.Smsc.ReportDeliveredAsync(id);
        var delivered = _sms.Row(id);
        _sms.Gateway.Time.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(HttpStatusCode.OK, await _sms.Smsc.ReportDeliveredAsync(id));
        Assert.Equal(HttpStatusCode.OK, await _sms.Smsc.ReportAsync(id, 0));
        Assert.Equal(HttpStatusCode.OK, await _sms.Smsc.ReportFailedAsync(id, 20));

        Assert.Equal(delivered, _sms.Row(id));
        Assert.Equal(1, (await _sms.Gateway.MetricsAsync())["smsReportsApplied"]);
    }

    [Fact]
    public async Task AReportToAWrongSecretIsRefusedCountedAndChangesNothing()
    {
        var id = await _sms.SendThroughChannelAsync();
        _sms.Smsc.CallbackUrl = $"{_sms.Gateway.Http.BaseAddress}sms/smsc/status/{SmsGateway.CallbackSecret[..^1]}x";

        Assert.Equal(HttpStatusCode.Forbidden, await _sms.Smsc.ReportDeliveredAsync(id));

        Assert.Equal("sent", _sms.Row(id).Status);
        Assert.Equal(1, (await _sms.Gateway.MetricsAsync())["smsReportsForged"]);
    }

    [Fact]
    public async Task AReportForAMessageNoRowHasIsNotFoundAndCounted()
    {
        Assert.Equal(HttpStatusCode.NotFound, await _sms.Smsc.ReportDeliveredAsync(424242));

        Assert.Equal(1, (await _sms.Gateway.MetricsAsync())["smsReportsUnknown"]);
    }

    [Theory]
    [InlineData("application/json", """{"id":1,"status":1}""", "body")]
    [InlineData("application/x-www-form-urlencoded", "phone=77010000000&status=1", "id")]
    [InlineData("application/x-www-form-urlencoded", "id=abc&status=1", "id")]
    [InlineData("application/x-www-form-urlencoded", "id=0&status=1", "id")]
    [InlineData("application/x-www-form-urlencoded", "id=1&id=2&status=1", "id")]
    [InlineData("application/x-www-form-urlencoded", "id=1", "status")]
    [InlineData("application/x-www-form-urlencoded", "id=1&status=77", "status")]
    [InlineData("application/x-www-form-urlencoded", "id=1&status=1&err=x", "err")]
    public async Task AMalformedReportIsRefusedNamingTheFieldAndCounted(string contentType, string body, string field)
    {
        var id = await _sms.SendThroughChannelAsync();
        using var anonymous = new HttpClient();
        using var content = new StringContent(body.Replace("id=1", $"id={id}"), Encoding.UTF8, contentType);

        using var response = await anonymous.PostAsync(_sms.Smsc.CallbackUrl, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
        Assert.Equal("sent", _sms.Row(id).Status);
        Assert.Equal(1, (await _sms.Gateway.MetricsAsync())["smsReportsMalformed"]);
    }

    [Fact]
    public async Task AReportIsMatchedByProviderIdOnSmsRowsOnly()
    {
        var id = await _sms.SendThroughChannelAsync();
        // A row of another channel with the same provider id (Telegram message ids are small numbers too).
        _sms.Gateway.Store.Execute("UPDATE notification_outbox SET channel = 'telegram' WHERE id = @id", new { id });

        Assert.Equal(HttpStatusCode.NotFound, await _sms.Smsc.ReportDeliveredAsync(id));
        Assert.Equal("sent", _sms.Row(id).Status);
    }
}
