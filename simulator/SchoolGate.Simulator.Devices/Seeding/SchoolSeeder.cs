using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Simulator.Devices.Seeding;

/// <summary>
/// Creates a small school through the admin API: students with a guardian (languages by turn: the
/// gateway's default, Kazakh, English) and a card each, and turnstiles.
/// </summary>
public sealed class SchoolSeeder(GatewayApiClient api)
{
    private static readonly string[] FirstNames =
        ["Aruzhan", "Alikhan", "Ayaru", "Nursultan", "Dana", "Yerlan", "Madina", "Timur", "Aigerim", "Daniyar", "Zhansaya", "Arman"];

    private static readonly string[] LastNames =
        ["Abenova", "Bekov", "Serikova", "Omarov", "Zhakupova", "Nurlanov", "Kassymova", "Tulegenov"];

    // Parents get messages in their own language; null leaves it to the gateway's default (Russian
    // unless configured), so a seeded school shows every language the gateway speaks.
    private static readonly string?[] GuardianLanguages = [null, "kk", "en"];

    public async Task<SeededSchool> SeedAsync(string schoolName, int students, int entryLanes, int exitLanes, string runTag, CancellationToken ct = default)
    {
        var schoolId = await api.CreateSchoolAsync(schoolName, ct);
        var seeded = new List<SeededStudent>(students);
        for (var i = 0; i < students; i++)
        {
            var first = FirstNames[i % FirstNames.Length];
            var last = LastNames[i % LastNames.Length];
            var studentId = await api.CreateStudentAsync(schoolId, first, last, ct);
            var (guardianId, language) = await api.CreateGuardianAsync("Parent", last, $"+7701{i:0000000}", GuardianLanguages[i % GuardianLanguages.Length], ct);
            await api.LinkGuardianAsync(studentId, guardianId, ct);
            var cardId = $"{runTag}-C{i + 1:0000}";
            await api.IssueCardAsync(cardId, studentId, ct);
            seeded.Add(new SeededStudent(studentId, first, last, cardId, guardianId, language));
        }

        var devices = new List<SeededDevice>();
        for (var lane = 1; lane <= entryLanes + exitLanes; lane++)
        {
            var direction = lane <= entryLanes ? Directions.In : Directions.Out;
            var deviceId = $"{runTag}-gate-{lane}";
            var secret = await api.RegisterDeviceAsync(deviceId, schoolId, DeviceKinds.Turnstile, direction, $"Main entrance lane {lane} ({direction})", ct);
            devices.Add(new SeededDevice(deviceId, secret, direction));
        }

        return new SeededSchool(schoolId, schoolName, seeded, devices);
    }
}
