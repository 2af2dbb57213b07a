using System.Buffers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Access;

namespace SchoolGate.Gateway.Tests;

/// <summary>Offline access lists: retained on each turnstile's access/list topic, kept equal to what the decider allows.</summary>
public sealed class AccessListTests
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(new AccessListOptions().DebounceMs);

    [Fact]
    public async Task PublishesAccessListToADeviceOnConnect()
    {
        await using var gateway = await TestGateway.StartAsync();
        var schoolId = await gateway.CreateSchoolAsync("School 7");
        var aruzhan = await gateway.CreateStudentAsync(schoolId, "Aruzhan");
        var dias = await gateway.CreateStudentAsync(schoolId, "Dias");
        var left = await gateway.CreateStudentAsync(schoolId, "Madina");
        await gateway.AddCardAsync("04A1B2C3", aruzhan);
        await gateway.AddCardAsync("card:aruzhan.2", aruzhan);
        await gateway.AddCardAsync("LOST-1", dias);
        await gateway.AddCardAsync("DIAS-2", dias);
        await gateway.AddCardAsync("MADINA-1", left);
        (await gateway.Http.PostAsync("/api/cards/LOST-1/revoke", null)).EnsureSuccessStatusCode();
        (await gateway.Http.PatchAsJsonAsync($"/api/students/{left}", new { active = false })).EnsureSuccessStatusCode();
        var secret = await gateway.RegisterDeviceAsync("gate-1", schoolId);
        await WaitForMetricAsync(gateway, "accessListsPublished", 1);

        // Connects only now: what it gets is the retained copy.
        await using var device = await gateway.ConnectAsync("gate-1", secret);
        var message = await device.NextAsync(Topics.AccessList);

        Assert.True(message.Retain);
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, message.QualityOfServiceLevel);
        var list = Decode(message);
        Assert.Equal(["04A1B2C3", "DIAS-2", "card:aruzhan.2"], list.Cards);
        Assert.True(list.Version > 0);
    }

    [Fact]
    public async Task RepublishesWithoutACardAfterItIsRevoked()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await gateway.AddCardAsync("SECOND-CARD", s.StudentId);
        AccessList after;
        await using (var device = await gateway.ConnectAsync(s.DeviceId, s.Secret))
        {
            gateway.Time.Advance(Debounce);
            var before = await NextListAsync(device, l => l.Cards.Length == 2);

            (await gateway.Http.PostAsync($"/api/cards/{s.CardId}/revoke", null)).EnsureSuccessStatusCode();
            gateway.Time.Advance(Debounce);
            after = await NextListAsync(device, l => l.Version > before.Version);
        }

        Assert.Equal(["SECOND-CARD"], after.Cards);
        // Read as a new session of the same device (after the first has closed: a second
        // connection with its client id would take the first one over).
        Assert.Equal(after.Cards, Decode(await RetainedAsync(gateway, s.DeviceId, s.Secret)).Cards);
    }

    [Fact]
    public async Task ListContainsOnlyCardsOfTheDevicesSchool()
    {
        await using var gateway = await TestGateway.StartAsync();
        var here = await gateway.SeedAsync("School 7", "Aruzhan");
        var elsewhere = await gateway.SeedAsync("School 12", "Dias");
        var busSecret = await gateway.RegisterDeviceAsync("bus-17", here.SchoolId, DeviceKinds.BusValidator);
        var ours = await ListAfterPublishesAsync(gateway, 2, here.DeviceId, here.Secret);
        var theirs = Decode(await RetainedAsync(gateway, elsewhere.DeviceId, elsewhere.Secret));

        Assert.Equal([here.CardId], ours.Cards);
        Assert.Equal([elsewhere.CardId], theirs.Cards);
        Assert.Null(await RetainedOrNullAsync(gateway, "bus-17", busSecret));
    }

    [Fact]
    public async Task CoalescesChangesWithinTheDebounceWindowIntoOnePublish()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await WaitForMetricAsync(gateway, "accessListsPublished", 1);
        var other = await gateway.CreateStudentAsync(s.SchoolId, "Dias");
        var firstChange = gateway.Time.GetUtcNow();
        var step = Debounce / 4;

        // Three changes spread over the window the first one opens; the clock then reaches its end.
        await gateway.AddCardAsync("DIAS-1", other);
        gateway.Time.Advance(step);
        await gateway.AddCardAsync("DIAS-2", other);
        gateway.Time.Advance(step);
        (await gateway.Http.PostAsync("/api/cards/DIAS-1/revoke", null)).EnsureSuccessStatusCode();
        gateway.Time.Advance(Debounce - 2 * step);
        var list = await ListAfterPublishesAsync(gateway, 2, s.DeviceId, s.Secret);

        // A lane registered now is published in a later pass of the publisher than any list the
        // changes caused, so once its list is counted every earlier publish is counted too.
        await gateway.RegisterDeviceAsync("gate-12", await gateway.CreateSchoolAsync("School 12"));
        await WaitForMetricAsync(gateway, "accessListsPublished", 3);

        Assert.Equal(["DIAS-2", s.CardId], list.Cards);
        // A list's version is the clock when it was published: the window's end, not earlier.
        Assert.Equal((firstChange + Debounce).ToUnixTimeMilliseconds(), list.Version);
        Assert.Equal(3, (await gateway.MetricsAsync())["accessListsPublished"]);
    }

    [Fact]
    public async Task RetainedListSurvivesRestartWithoutANewVersion()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var before = await ListAfterPublishesAsync(gateway, 1, s.DeviceId, s.Secret);

        await gateway.RestartAsync();
        // A lane of a newer school: the start-up pass handles schools in id order, so once this
        // lane has its list, the first school's lane has been looked at too.
        var laterSchool = await gateway.CreateSchoolAsync("School 12");
        await gateway.RegisterDeviceAsync("gate-12", laterSchool);
        var after = await ListAfterPublishesAsync(gateway, 1, s.DeviceId, s.Secret);

        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Cards, after.Cards);
        Assert.Equal(1, (await gateway.MetricsAsync())["accessListsPublished"]);
    }

    [Fact]
    public async Task PublishesOnStartWhatChangedWhileNoListWasSent()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var before = await ListAfterPublishesAsync(gateway, 1, s.DeviceId, s.Secret);

        // Revoked, then the gateway stops before the debounce runs out.
        (await gateway.Http.PostAsync($"/api/cards/{s.CardId}/revoke", null)).EnsureSuccessStatusCode();
        await gateway.RestartAsync();
        var after = await ListAfterPublishesAsync(gateway, 1, s.DeviceId, s.Secret);

        Assert.Empty(after.Cards);
        Assert.True(after.Version > before.Version);
    }

    [Fact]
    public async Task TruncatesAListOverTheLimitAndCountsIt()
    {
        await using var gateway = await TestGateway.StartAsync(configure: b =>
            b.Services.Configure<AccessListOptions>(o => o.MaxCards = 2));
        var schoolId = await gateway.CreateSchoolAsync("School 7");
        var student = await gateway.CreateStudentAsync(schoolId, "Aruzhan");
        foreach (var card in new[] { "C3", "C1", "C2" })
        {
            await gateway.AddCardAsync(card, student);
        }

        var secret = await gateway.RegisterDeviceAsync("gate-1", schoolId);
        await WaitForMetricAsync(gateway, "accessListsPublished", 1);

        Assert.Equal(["C1", "C2"], Decode(await RetainedAsync(gateway, "gate-1", secret)).Cards);
        Assert.Equal(1, (await gateway.MetricsAsync())["accessListsTruncated"]);
    }

    [Fact]
    public async Task DevicesCannotPublishTheirOwnAccessList()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await WaitForMetricAsync(gateway, "accessListsPublished", 1);
        MqttClientPublishResult forged;
        await using (var device = await gateway.ConnectAsync(s.DeviceId, s.Secret))
        {
            forged = await device.PublishAsync(Topics.AccessList,
                ProtocolCodec.Encode(new AccessList(long.MaxValue, ["FORGED"])), retain: true);
        }

        Assert.Equal(MqttClientPublishReasonCode.TopicNameInvalid, forged.ReasonCode);
        Assert.Equal([s.CardId], Decode(await RetainedAsync(gateway, s.DeviceId, s.Secret)).Cards);
    }

    private static AccessList Decode(MqttApplicationMessage message)
    {
        Assert.True(ProtocolCodec.TryDecode(message.Payload.ToArray(), ProtocolJsonContext.Default.AccessList, out var list, out var error), error);
        return list;
    }

    private static async Task<AccessList> NextListAsync(TestDevice device, Func<AccessList, bool> wanted)
    {
        while (true)
        {
            var list = Decode(await device.NextAsync(Topics.AccessList));
            if (wanted(list))
            {
                return list;
            }
        }
    }

    /// <summary>Waits until the gateway has published <paramref name="published"/> lists since it started, then reads the device's retained one.</summary>
    private static async Task<AccessList> ListAfterPublishesAsync(TestGateway gateway, long published, string deviceId, string secret)
    {
        await WaitForMetricAsync(gateway, "accessListsPublished", published);
        return Decode(await RetainedAsync(gateway, deviceId, secret));
    }

    private static async Task<MqttApplicationMessage> RetainedAsync(TestGateway gateway, string deviceId, string secret) =>
        await RetainedOrNullAsync(gateway, deviceId, secret) ?? throw new Xunit.Sdk.XunitException($"no retained list for {deviceId}");

    /// <summary>Subscribes as the device and returns the retained list, or null if none arrives within a second.</summary>
    private static async Task<MqttApplicationMessage?> RetainedOrNullAsync(TestGateway gateway, string deviceId, string secret)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var received = new TaskCompletionSource<MqttApplicationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += args =>
        {
            received.TrySetResult(args.ApplicationMessage);
            return Task.CompletedTask;
        };
        await client.ConnectAsync(gateway.ClientOptions(deviceId, deviceId, secret, MQTTnet.Formatter.MqttProtocolVersion.V500));
        await client.SubscribeAsync(Topics.ForDevice(deviceId, Topics.AccessList), MqttQualityOfServiceLevel.AtLeastOnce);
        try
        {
            var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(1));
            Assert.True(message.Retain);
            return message;
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            await client.DisconnectAsync();
        }
    }

    private static Task WaitForMetricAsync(TestGateway gateway, string name, long atLeast) =>
        Eventually.GetAsync(async () => (await gateway.MetricsAsync())[name], n => n >= atLeast, $"{name} >= {atLeast}", TimeSpan.FromSeconds(10));
}
