using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SchoolGate.Gateway.Notifications;
using SchoolGate.Gateway.Notifications.Sms;

namespace SchoolGate.Gateway.Tests.Sms;

public sealed class SmsSettingsTests
{
    [Fact]
    public async Task WithoutAProviderThereIsNoSmsChannelAndNoCallbackEndpoint()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress };

        using var response = await anonymous.PostAsync("/sms/smsc/status/anything-at-all-0123456789", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(gateway.Services.GetServices<INotificationChannel>(), c => c.Name == SmsChannel.ChannelName);
    }

    [Fact]
    public async Task AConfiguredProviderAddsTheSmsChannel()
    {
        await using var sms = await SmsGateway.StartAsync();

        Assert.Equal(SmsChannel.ChannelName, sms.Channel.Name);
    }

    [Theory]
    [InlineData("Sms:Provider", "--Sms:Provider=twilio")]
    [InlineData("Sms:Login", "--Sms:Provider=smsc", "--Sms:CallbackSecret=test-callback-secret-0123456789")]
    [InlineData("Sms:CallbackSecret", "--Sms:Provider=smsc", "--Sms:Login=a", "--Sms:Password=b", "--Sms:CallbackSecret=short")]
    [InlineData("Sms:CallbackSecret", "--Sms:Provider=smsc", "--Sms:Login=a", "--Sms:Password=b", "--Sms:CallbackSecret=has/a/slash/0123456789abcdef")]
    [InlineData("Sms:BaseUrl", "--Sms:Provider=smsc", "--Sms:Login=a", "--Sms:Password=b", "--Sms:CallbackSecret=test-callback-secret-0123456789",
        "--Sms:BaseUrl=smsc.kz")]
    public async Task AnUnusableSettingStopsTheStartAndIsNamed(string setting, params string[] settings)
    {
        var error = await TestGateway.RefusedStartAsync(settings);

        Assert.Contains(setting, error.Message);
    }

    [Theory]
    [InlineData("+77012345678", true)]
    [InlineData("8 701 234 56 78", true)]
    [InlineData("+79161234567", false)]
    [InlineData(null, false)]
    public async Task TheChannelReachesGuardiansWithAValidNumber(string? phone, bool reachable)
    {
        await using var sms = await SmsGateway.StartAsync();

        Assert.Equal(reachable, sms.Channel.CanReach(new GuardianContact(1, "Gulnara", phone, null, "ru", null, null)));
    }
}
