using System.Net.Http.Json;

namespace SchoolGate.Gateway.Tests.Attendance;

public sealed class AbsenceAlertTests
{
    [Fact]
    public async Task GuardiansOfAChildNotInByTheAbsentAfterTimeAreToldOnceInTheirLanguage()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var school = await AttendanceSchool.StartAsync(gateway);
        var present = await school.AddChildAsync("Aruzhan", "Abenova");
        var absentRu = await school.AddChildAsync("Bekzat", "Bolatov", "ru");
        var absentKk = await school.AddChildAsync("Dana", "Dosova", "kk");
        await school.EnterAsync(present, "07:58");

        // The gateway's own timer runs the check when the test clock passes 09:00.
        school.At("09:01");
        var ru = await WaitForMessageAsync(school, absentRu);
        var kk = await WaitForMessageAsync(school, absentKk);
        Assert.Equal("Bekzat: вход в школу не отмечен до 09:00", ru.Text);
        Assert.Equal("Dana: мектепке кіру тіркелмеді, 09:00", kk.Text);
        Assert.Equal("safety", ru.Priority);
        Assert.DoesNotContain(await school.MessagesToAsync(present), m => m.Priority == "safety");

        // More passes, a restart: still one alert each.
        Assert.Equal(0, await school.CheckAbsencesAsync());
        await gateway.RestartAsync();
        school.At("09:30");
        Assert.Equal(0, await AttendanceSchool.Monitor(gateway).CheckAsync(CancellationToken.None));
        Assert.Single(await school.MessagesToAsync(absentRu));
        Assert.Equal(2, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM absence_alerts"));
    }

    [Fact]
    public async Task TheClassListNamesTheAbsentAndAChildWhoArrivesAfterTheAlertIsLate()
    {
        await using var gateway = await TestGateway.StartAsync(configure: AttendanceSchool.ManualChecks);
        await using var school = await AttendanceSchool.StartAsync(gateway);
        var present = await school.AddChildAsync("Aruzhan", "Abenova");
        var absent = await school.AddChildAsync("Bekzat", "Bolatov");
        var latecomer = await school.AddChildAsync("Dana", "Dosova");
        var otherClass = await school.AddChildAsync("Ermek", "Eraliev", inClass: false);
        await school.EnterAsync(present, "07:58");

        Assert.Empty((await school.AbsentAsync()).Students);   // 07:58: nobody is absent before 09:00
        school.At("09:05");
        Assert.Equal(3, await school.CheckAbsencesAsync());
        var list = await school.AbsentAsync();
        Assert.Equal("09:00", list.AbsentAfter);
        Assert.Equal(["Bekzat", "Dana"], list.Students.Select(s => s.FirstName));
        Assert.All(list.Students, s => Assert.NotNull(s.AlertedAt));

        await school.EnterAsync(latecomer, "09:20");

        Assert.Equal(["Bekzat"], (await school.AbsentAsync()).Students.Select(s => s.FirstName));
        var status = await school.StatusOfAsync(latecomer);
        Assert.Equal(("late", "09:20"), (status.Status, status.Arrived));
        Assert.NotNull(status.AlertedAt);
        Assert.Equal(1, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM absence_alerts WHERE cleared_at IS NOT NULL"));
        Assert.Equal("absent", (await school.StatusOfAsync(otherClass)).Status);
    }

    [Fact]
    public async Task NoAlertOnAHolidayAWeekendOrWhenTheSchoolHasAlertsOff()
    {
        await using var gateway = await TestGateway.StartAsync(configure: AttendanceSchool.ManualChecks);
        await using var school = await AttendanceSchool.StartAsync(gateway);
        var child = await school.AddChildAsync("Bekzat", "Bolatov");
        await gateway.PostAsync<object>($"/api/schools/{school.SchoolId}/calendar/holidays",
            new { name = "Nauryz", from = "2025-03-10", to = "2025-03-10" });

        school.At("09:30");
        Assert.Equal(0, await school.CheckAbsencesAsync());
        Assert.Equal("no_school", (await school.StatusOfAsync(child)).Status);

        gateway.Time.SetUtcNow(AttendanceSchool.Local("09:30", "2025-03-15"));   // a Saturday
        Assert.Equal(0, await school.CheckAbsencesAsync());

        gateway.Time.SetUtcNow(AttendanceSchool.Local("09:30", "2025-03-17"));   // Monday, a school day
        var off = await gateway.Http.PutAsJsonAsync($"/api/schools/{school.SchoolId}/attendance/settings", new { absenceAlerts = false });
        off.EnsureSuccessStatusCode();
        Assert.Equal(0, await school.CheckAbsencesAsync());
        Assert.Empty(await school.MessagesToAsync(child));
        Assert.Equal(0, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM absence_alerts"));
    }

    [Fact]
    public async Task NoAlertAfterTheShiftHasEnded()
    {
        await using var gateway = await TestGateway.StartAsync(configure: AttendanceSchool.ManualChecks);
        await using var school = await AttendanceSchool.StartAsync(gateway);
        var child = await school.AddChildAsync("Bekzat", "Bolatov");

        // A gateway that was down all morning does not text parents in the evening.
        school.At("14:00");
        Assert.Equal(0, await school.CheckAbsencesAsync());
        Assert.Equal("absent", (await school.StatusOfAsync(child)).Status);
    }

    [Fact]
    public async Task TwoGatewaysOnOneDatabaseAlertEachChildOnce()
    {
        await using var first = await TestGateway.StartAsync(configure: AttendanceSchool.ManualChecks);
        await using var second = await TestGateway.StartAsync(configure: AttendanceSchool.ManualChecks, sharedStore: first.Store);
        await using var school = await AttendanceSchool.StartAsync(first);
        var children = new List<AttendanceSchool.Child>();
        for (var i = 0; i < 10; i++)
        {
            children.Add(await school.AddChildAsync($"Child{i}", $"Family{i}"));
        }

        var at = AttendanceSchool.Local("09:10");
        first.Time.SetUtcNow(at);
        second.Time.SetUtcNow(at);
        var alerted = await Task.WhenAll(
            AttendanceSchool.Monitor(first).CheckAsync(CancellationToken.None),
            AttendanceSchool.Monitor(second).CheckAsync(CancellationToken.None),
            AttendanceSchool.Monitor(first).CheckAsync(CancellationToken.None));

        Assert.Equal(children.Count, alerted.Sum());
        Assert.Equal(children.Count, (await first.MetricsAsync())["absenceAlerts"] + (await second.MetricsAsync())["absenceAlerts"]);
        Assert.Equal(children.Count, first.Store.Scalar<long>("SELECT COUNT(*) FROM notification_outbox WHERE kind = 'absent'"));
    }

    private static async Task<EventIngestionTests.NotificationDto> WaitForMessageAsync(AttendanceSchool school, AttendanceSchool.Child child)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var messages = (await school.MessagesToAsync(child)).Where(m => m.Priority == "safety").ToArray();
            if (messages.Length > 0 || TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromSeconds(10))
            {
                return Assert.Single(messages);
            }

            await Task.Delay(50);
        }
    }
}
