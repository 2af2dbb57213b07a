using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.EndToEnd.Tests;

/// <summary>
/// Nothing crashes: a broken or hostile device is refused and counted while the other lanes keep
/// working. (Refusals at connect are covered one by one in the gateway tests.)
/// </summary>
public sealed class BadInputTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task GatewayKeepsServingAfterMalformedPayloadsAndForeignTopics()
    {
        var school = await gateway.SeedSchoolAsync(students: 1, entryLanes: 2);
        var intruder = school.Devices[1];
        var malformedBefore = await gateway.MetricAsync("malformedPayloads");
        var rejectedBefore = await gateway.MetricAsync("publishesRejected");

        using (var client = await ConnectAsync(intruder.DeviceId, intruder.Secret))
        {
            await TryPublishAsync(client, Topics.ForDevice(intruder.DeviceId, Topics.Events), "{\"seq\":\"not a number\"");
        }

        using (var client = await ConnectAsync(intruder.DeviceId, intruder.Secret))
        {
            var forged = ProtocolCodec.Encode(new AccessRequest(school.Devices[0].DeviceId, 1, school.Students[0].CardId, Directions.In, 0));
            await TryPublishAsync(client, Topics.ForDevice(school.Devices[0].DeviceId, Topics.AccessRequest), Encoding.UTF8.GetString(forged));
        }

        await Eventually.GetAsync(() => gateway.MetricAsync("malformedPayloads"), n => n > malformedBefore, "the malformed payload to be counted");
        await Eventually.GetAsync(() => gateway.MetricAsync("publishesRejected"), n => n > rejectedBefore, "the foreign publish to be counted");
        Assert.Empty(await gateway.EventsAsync(intruder.DeviceId));

        await using var lane = await gateway.StartLaneAsync(school.Devices[0]);
        Assert.True((await lane.TapAsync(school.Students[0].CardId)).Passed);
        Assert.Equal(1, lane.RelayReleases);
    }

    private async Task<IMqttClient> ConnectAsync(string deviceId, string secret)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", gateway.MqttPort)
            .WithClientId(deviceId)
            .WithCredentials(deviceId, secret)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .Build();
        try
        {
            await client.ConnectAsync(options);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    // The gateway may refuse the PUBLISH with a reason code or close the connection: either is a refusal.
    private static async Task TryPublishAsync(IMqttClient client, string topic, string payload)
    {
        try
        {
            await client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build());
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException)
        {
        }
    }
}
