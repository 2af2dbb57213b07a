using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Attendance;

namespace SchoolGate.Gateway.Tests.Attendance;

/// <summary>
/// A school on the default shift (08:00-13:30, absent after 09:00) with class 5A and its students,
/// each with a card and a guardian, and one turnstile; passages go over real MQTT at the test clock.
/// The test clock starts on Monday 10 March 2025, 07:52 in Almaty.
/// </summary>
public sealed class AttendanceSchool : IAsyncDisposable
{
    private long _seq;

    private AttendanceSchool(TestGateway gateway, TestGateway.Scenario seed, long classId, TestDevice device)
    {
        Gateway = gateway;
        Seed = seed;
        ClassId = classId;
        Device = device;
    }

    public TestGateway Gateway { get; }

    public TestGateway.Scenario Seed { get; }

    public long SchoolId => Seed.SchoolId;

    public long ClassId { get; }

    public TestDevice Device { get; }

    public sealed record Child(long StudentId, string CardId, long GuardianId);

    public static async Task<AttendanceSchool> StartAsync(TestGateway gateway, bool absenceAlerts = true)
    {
        var seed = await gateway.SeedAsync();
        var classId = (await gateway.PostAsync<TestGateway.IdDto>($"/api/schools/{seed.SchoolId}/classes", new { name = "5A", shift = 1 })).Id;
        // The seed's own student (no class, no guardian) would be one more absentee in every count.
        var inactive = await gateway.Http.PatchAsJsonAsync($"/api/students/{seed.StudentId}", new { active = false });
        Assert.Equal(HttpStatusCode.OK, inactive.StatusCode);
        var settings = await gateway.Http.PutAsJsonAsync($"/api/schools/{seed.SchoolId}/attendance/settings", new { absenceAlerts });
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        var device = await gateway.ConnectAsync(seed.DeviceId, seed.Secret);
        return new AttendanceSchool(gateway, seed, classId, device);
    }

    public async Task<Child> AddChildAsync(string firstName, string lastName, string guardianLanguage = "ru", bool inClass = true)
    {
        var studentId = await Gateway.CreateStudentAsync(SchoolId, firstName, lastName);
        if (inClass)
        {
            var put = await Gateway.Http.PutAsJsonAsync($"/api/students/{studentId}/class", new { classId = ClassId });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var cardId = $"card-{studentId}";
        await Gateway.AddCardAsync(cardId, studentId);
        var guardian = (await Gateway.PostAsync<TestGateway.IdDto>("/api/guardians",
            new { firstName = "Parent", lastName = lastName, phone = "+77010000000", language = guardianLanguage, schoolId = SchoolId })).Id;
        await Gateway.LinkGuardianAsync(studentId, guardian);
        return new Child(studentId, cardId, guardian);
    }

    /// <summary>Moves the test clock to <paramref name="localTime"/> (Almaty, UTC+5) on the test day.</summary>
    public void At(string localTime) => Gateway.Time.SetUtcNow(Local(localTime));

    public static DateTimeOffset Local(string localTime, string date = "2025-03-10") =>
        DateTimeOffset.Parse($"{date}T{localTime}:00+05:00", System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();

    public async Task PassAsync(Child child, string type, string localTime)
    {
        At(localTime);
        await Device.SendEventAsync(++_seq, type, child.CardId, Gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    public Task EnterAsync(Child child, string localTime) => PassAsync(child, PassageTypes.Entered, localTime);

    public Task ExitAsync(Child child, string localTime) => PassAsync(child, PassageTypes.Exited, localTime);

    /// <summary>
    /// For a gateway whose absence monitor a test runs itself (<see cref="CheckAbsencesAsync"/>): its
    /// timer would tick only after 40 days of test clock, so a pass never races the test's own.
    /// </summary>
    public static void ManualChecks(WebApplicationBuilder builder) =>
        builder.Configuration["Attendance:AbsenceCheckSeconds"] = (40 * 24 * 3600).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One pass of the gateway's absence monitor, as its timer would run it now.</summary>
    public Task<int> CheckAbsencesAsync() => Monitor(Gateway).CheckAsync(CancellationToken.None);

    public static AbsenceMonitor Monitor(TestGateway gateway) =>
        gateway.Services.GetServices<IHostedService>().OfType<AbsenceMonitor>().Single();

    public Task<ReportDto> ReportAsync(string query = "") =>
        Gateway.GetAsync<ReportDto>($"/api/schools/{SchoolId}/attendance/report?date=2025-03-10{query}");

    public async Task<StudentDto> StatusOfAsync(Child child) =>
        (await ReportAsync()).Classes.SelectMany(c => c.Students).Single(s => s.StudentId == child.StudentId);

    public Task<ClassAbsenceDto> AbsentAsync(string date = "2025-03-10") =>
        Gateway.GetAsync<ClassAbsenceDto>($"/api/schools/{SchoolId}/classes/{ClassId}/absent?date={date}");

    public Task<EventIngestionTests.NotificationDto[]> MessagesToAsync(Child child) =>
        Gateway.GetAsync<EventIngestionTests.NotificationDto[]>($"/api/notifications?guardianId={child.GuardianId}");

    public ValueTask DisposeAsync() => Device.DisposeAsync();

    public sealed record StudentDto(long StudentId, string FirstName, string LastName, string? ExternalId, long? ClassId, string? ClassName,
        int Shift, string Status, bool Late, bool LeftEarly, string? Arrived, string? Left, DateTimeOffset? AlertedAt);

    public sealed record ClassDto(long? ClassId, string? ClassName, int Shift, StudentDto[] Students);

    public sealed record ReportDto(long SchoolId, string Date, bool SchoolDay, string Why, Dictionary<string, string> AbsentAfter, ClassDto[] Classes);

    public sealed record ClassAbsenceDto(long SchoolId, long ClassId, string ClassName, string? TeacherName, string Date, bool SchoolDay,
        string AbsentAfter, StudentDto[] Students);
}
