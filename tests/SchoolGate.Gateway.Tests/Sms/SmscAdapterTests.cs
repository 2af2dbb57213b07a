using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SchoolGate.Gateway.Notifications;
using SchoolGate.Gateway.Notifications.Sms;
using SchoolGate.Simulator.Providers.Sms;

namespace SchoolGate.Gateway.Tests.Sms;

/// <summary>The real SMSC adapter over real HTTP against the local stand-in of SMSC's send.php.</summary>
public sealed class SmscAdapterTests : IAsyncLifetime
{
    private const string Phone = "+77012345678";
    private const string Text = "Арујан вошла в школу в 07:52";

    private readonly FakeTimeProvider _time = new(TestGateway.DefaultStart);
    private FakeSmsc _smsc = null!;

    public async Task InitializeAsync() => _smsc = await FakeSmsc.StartAsync(SmsGateway.Login, SmsGateway.Password, _time);

    public async Task DisposeAsync() => await _smsc.DisposeAsync();

    [Fact]
    public async Task AnAcceptedTextCarriesOurOutboxIdAsSmscsMessageId()
    {
        using var provider = Provider(sender: "SchoolGate");

        var providerId = await provider.SendAsync(new SmsRequest(42, Phone, Text), CancellationToken.None);

        Assert.Equal("42", providerId);
        var message = Assert.Single(_smsc.Messages);
        Assert.Equal((42L, "77012345678", Text, "SchoolGate"), (message.Id, message.Phone, message.Text, message.Sender));
        var fields = Assert.Single(_smsc.Requests);
        Assert.Equal("+77012345678", fields["phones"]);
        Assert.Equal(("utf-8", "3", "42"), (fields["charset"], fields["fmt"], fields["id"]));
    }

    [Fact]
    public async Task ARepeatSmscRefusesAsADuplicateCountsAsAlreadyAccepted()
    {
        using var provider = Provider();
        await provider.SendAsync(new SmsRequest(42, Phone, Text), CancellationToken.None);

        var again = await provider.SendAsync(new SmsRequest(42, Phone, Text), CancellationToken.None);

        Assert.Equal("42", again);
        Assert.Single(_smsc.Messages);
        Assert.Equal(2, _smsc.Requests.Count);
    }

    [Fact]
    public async Task ErrorNineForAMessageSmscDoesNotHaveWaitsOutItsMinute()
    {
        using var provider = Provider();
        _smsc.Busy = true;

        var failure = await FailureAsync(provider);

        Assert.Equal(DeliveryFailure.RateLimited, failure.Failure);
        Assert.Equal(TimeSpan.FromMinutes(1), failure.RetryAfter);
        Assert.Empty(_smsc.Messages);
    }

    [Theory]
    [InlineData(FakeSmsc.ErrorPhoneFormat)]
    [InlineData(FakeSmsc.ErrorUndeliverable)]
    public async Task ANumberSmscCannotTextIsAPermanentFailure(int error)
    {
        using var provider = Provider();
        _smsc.RefusePhone(Phone, error);

        var failure = await FailureAsync(provider);

        Assert.Equal(DeliveryFailure.Permanent, failure.Failure);
        Assert.Contains($"SMSC error {error}", failure.Message);
    }

    /// <summary>Someone can fix each of these (a top-up, the password, SMSC's load), and the message still matters.</summary>
    [Theory]
    [InlineData("no funds", "no funds")]
    [InlineData("wrong password", "Sms:Password")]
    [InlineData("silent server", "did not answer")]
    public async Task WhatSomeoneCanFixIsATransientFailure(string scenario, string reasonNames)
    {
        using var provider = scenario switch
        {
            "wrong password" => Provider(password: "wrong"),
            "silent server" => Provider(timeoutSeconds: 1),
            _ => Provider(),
        };
        _smsc.OutOfFunds = scenario == "no funds";
        _smsc.Hang = scenario == "silent server";

        var failure = await FailureAsync(provider);

        Assert.Equal(DeliveryFailure.Transient, failure.Failure);
        Assert.Contains(reasonNames, failure.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.OK)]   // an HTML page where JSON belongs
    public async Task AServerErrorOrAnAnswerThatIsNotSmscsJsonIsTransient(HttpStatusCode status)
    {
        using var provider = Provider();
        _smsc.FailNextRequests(status);

        var failure = await FailureAsync(provider);

        Assert.Equal(DeliveryFailure.Transient, failure.Failure);
        Assert.Empty(_smsc.Messages);
    }

    [Fact]
    public async Task AnUnreachableServerIsTransient()
    {
        using var provider = Provider(baseUrl: $"http://127.0.0.1:{LoopbackPorts.Next()}");

        var failure = await FailureAsync(provider);

        Assert.Equal(DeliveryFailure.Transient, failure.Failure);
    }

    [Fact]
    public async Task AnOutboxIdBeyondSmscsIdsIsPermanentAndNotSent()
    {
        using var provider = Provider();

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(
            () => provider.SendAsync(new SmsRequest(SmscSmsProvider.MaxId + 1, Phone, Text), CancellationToken.None));

        Assert.Equal(DeliveryFailure.Permanent, failure.Failure);
        Assert.Empty(_smsc.Requests);
    }

    private Task<DeliveryFailedException> FailureAsync(SmscSmsProvider provider) =>
        Assert.ThrowsAsync<DeliveryFailedException>(() => provider.SendAsync(new SmsRequest(42, Phone, Text), CancellationToken.None));

    private SmscSmsProvider Provider(string password = SmsGateway.Password, string sender = "", int timeoutSeconds = 15, string? baseUrl = null) =>
        new(Options.Create(new SmsOptions
        {
            Provider = SmsOptions.Smsc,
            BaseUrl = baseUrl ?? _smsc.BaseUrl.ToString(),
            Login = SmsGateway.Login,
            Password = password,
            Sender = sender,
            CallbackSecret = SmsGateway.CallbackSecret,
            TimeoutSeconds = timeoutSeconds,
        }), NullLogger<SmscSmsProvider>.Instance);
}
