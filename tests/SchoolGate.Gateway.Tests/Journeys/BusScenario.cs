using System.Net.Http.Json;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Tests.Journeys;

/// <summary>
/// A school with a turnstile and a student (card, English-speaking guardian), an operator with
/// route 12 and vehicle 045, a bus validator registered and linked to the operator, and the
/// operator's API key: everything a journey test needs, made through the gateway's own API.
/// </summary>
public sealed record BusScenario(TestGateway.Scenario School, long GuardianId, long OperatorId, long VehicleId, string ValidatorId,
    string ValidatorSecret, string OperatorKey, long OperatorKeyId)
{
    public const string Route = "12";
    public const string Vehicle = "045";

    public static readonly TimeZoneInfo Almaty = TimeZoneInfo.FindSystemTimeZoneById("Asia/Almaty");

    public static async Task<BusScenario> SeedAsync(TestGateway gateway, string schoolName = "School 7", string firstName = "Aruzhan",
        string language = "en")
    {
        var school = await gateway.SeedAsync(schoolName, firstName);
        var guardian = (await gateway.PostAsync<TestGateway.IdDto>("/api/guardians",
            new { firstName = "Gulnara", lastName = "Parent", phone = "+77010000001", language, schoolId = school.SchoolId })).Id;
        await gateway.LinkGuardianAsync(school.StudentId, guardian);
        var operatorId = (await gateway.PostAsync<TestGateway.IdDto>("/api/transport/operators", new { name = $"Taraz Bus {schoolName}" })).Id;
        await gateway.PostAsync<object>($"/api/transport/operators/{operatorId}/routes", new { number = Route, name = "Microdistrict - School 7" });
        var vehicleId = (await gateway.PostAsync<TestGateway.IdDto>($"/api/transport/operators/{operatorId}/vehicles",
            new { number = Vehicle, plate = "123ABC08" })).Id;
        var validatorId = $"bus-{school.SchoolId}";
        var validatorSecret = (await gateway.PostAsync<TestGateway.CredentialsDto>("/api/devices",
            new { deviceId = validatorId, schoolId = school.SchoolId, kind = DeviceKinds.BusValidator })).Secret;
        var linked = await gateway.Http.PutAsJsonAsync($"/api/transport/validators/{validatorId}", new { operatorId, vehicleId });
        Assert.True(linked.IsSuccessStatusCode, await linked.Content.ReadAsStringAsync());
        var key = await gateway.PostAsync<KeyDto>($"/api/transport/operators/{operatorId}/keys", new { name = "operator system" });
        return new BusScenario(school, guardian, operatorId, vehicleId, validatorId, validatorSecret, key.Key, key.Id);
    }

    /// <summary>A client of the operator's system, signed with its key.</summary>
    public HttpClient OperatorClient(TestGateway gateway, string? key = null)
    {
        var client = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", key ?? OperatorKey);
        return client;
    }

    public static string Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Almaty).ToString("HH:mm");

    public static async Task<NotificationDto[]> MessagesAsync(TestGateway gateway, long guardianId) =>
        (await gateway.GetAsync<NotificationDto[]>($"/api/notifications?guardianId={guardianId}")).OrderBy(n => n.Id).ToArray();

    /// <summary>Waits (bounded, in real time) until the guardian has <paramref name="count"/> messages: the cross-rule's check runs in the background.</summary>
    public static async Task<NotificationDto[]> WaitForMessagesAsync(TestGateway gateway, long guardianId, int count)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var messages = await MessagesAsync(gateway, guardianId);
            if (messages.Length >= count || TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromSeconds(10))
            {
                Assert.Equal(count, messages.Length);
                return messages;
            }

            await Task.Delay(25);
        }
    }

    public sealed record KeyDto(long Id, string Key, string Prefix);

    public sealed record NotificationDto(long Id, long GuardianId, long StudentId, string Text, string Status, string Priority, string? Kind);
}

/// <summary>Publishes a bus validator's events with the journey fields, as the firmware does.</summary>
public static class BusValidatorEvents
{
    public static async Task<EventAck> SendTapAsync(this TestDevice device, long seq, string type, string cardId, DateTimeOffset at,
        string? route = BusScenario.Route, string? vehicle = BusScenario.Vehicle, bool offline = false, (long Lat, long Lon)? fix = null)
    {
        var e = new PassageEvent(device.DeviceId, seq, type, cardId, offline ? Reasons.OfflineList : Reasons.Ok, offline, at.ToUnixTimeMilliseconds(),
            route, vehicle, fix is not null, fix?.Lat ?? 0, fix?.Lon ?? 0);
        var published = await device.PublishAsync(Topics.Events, ProtocolCodec.Encode(e));
        Assert.True(published.IsSuccess, $"event {seq} not accepted: {published.ReasonCode}");
        return await device.NextAckAsync();
    }
}
