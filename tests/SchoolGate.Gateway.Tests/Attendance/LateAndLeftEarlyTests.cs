using System.Net;
using System.Net.Http.Json;

namespace SchoolGate.Gateway.Tests.Attendance;

public sealed class LateAndLeftEarlyTests
{
    [Fact]
    public async Task AnArrivalAfterTheShiftStartIsLateAndOneBeforeItPresent()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var school = await AttendanceSchool.StartAsync(gateway, absenceAlerts: false);
        var early = await school.AddChildAsync("Aruzhan", "Abenova");
        var onTheMinute = await school.AddChildAsync("Bekzat", "Bolatov");
        var late = await school.AddChildAsync("Dana", "Dosova");

        await school.EnterAsync(early, "07:55");
        await school.EnterAsync(onTheMinute, "08:00");
        await school.EnterAsync(late, "08:12");

        Assert.Equal(("present", false, "07:55"), Summary(await school.StatusOfAsync(early)));
        Assert.Equal(("present", false, "08:00"), Summary(await school.StatusOfAsync(onTheMinute)));
        Assert.Equal(("late", true, "08:12"), Summary(await school.StatusOfAsync(late)));
    }

    [Fact]
    public async Task GraceMinutesOfTheSchoolKeepASlightlyLateArrivalPresent()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var school = await AttendanceSchool.StartAsync(gateway, absenceAlerts: false);
        var child = await school.AddChildAsync("Dana", "Dosova");
        var put = await gateway.Http.PutAsJsonAsync($"/api/schools/{school.SchoolId}/attendance/settings", new { lateGraceMinutes = 10 });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        await school.EnterAsync(child, "08:09");

        Assert.Equal(("present", false, "08:09"), Summary(await school.StatusOfAsync(child)));
    }

    [Fact]
    public async Task AChildOfTheAfternoonShiftIsLateOnlyAfterItsOwnStart()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var school = await AttendanceSchool.StartAsync(gateway, absenceAlerts: false);
        var shifts = await gateway.Http.PutAsJsonAsync($"/api/schools/{school.SchoolId}/shifts", new
        {
            shifts = new object[]
            {
                new { shift = 1, startsAt = "08:00", endsAt = "13:00", entryOpensBeforeMinutes = 60 },
                new { shift = 2, startsAt = "13:30", endsAt = "18:30", entryOpensBeforeMinutes = 60 },
            },
        });
        Assert.Equal(HttpStatusCode.OK, shifts.StatusCode);
        var afternoon = await gateway.PostAsync<TestGateway.IdDto>($"/api/schools/{school.SchoolId}/classes", new { name = "7B", shift = 2 });
        var child = await school.AddChildAsync("Ermek", "Eraliev");
        await gateway.Http.PutAsJsonAsync($"/api/students/{child.StudentId}/class", new { classId = afternoon.Id });
        var noClass = await school.AddChildAsync("Farida", "Faizova", inClass: false);

        await school.EnterAsync(child, "13:20");
        await school.EnterAsync(noClass, "13:20");

        Assert.Equal(("present", false, "13:20"), Summary(await school.StatusOfAsync(child)));
        // Without a class a child belongs to the first shift.
        Assert.Equal(("late", true, "13:20"), Summary(await school.StatusOfAsync(noClass)));
    }

    [Fact]
    public async Task ALastExitBeforeTheShiftEndsIsLeftEarlyUnlessTheChildCameBackIn()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var school = await AttendanceSchool.StartAsync(gateway, absenceAlerts: false);
        var wentHome = await school.AddChildAsync("Aruzhan", "Abenova");
        var cameBack = await school.AddChildAsync("Bekzat", "Bolatov");
        var stayed = await school.AddChildAsync("Dana", "Dosova");
        var lateAndLeft = await school.AddChildAsync("Ermek", "Eraliev");

        await school.EnterAsync(wentHome, "07:53");
        await school.EnterAsync(cameBack, "07:54");
        await school.EnterAsync(stayed, "07:55");
        await school.EnterAsync(lateAndLeft, "08:30");
        await school.ExitAsync(wentHome, "11:00");
        await school.ExitAsync(cameBack, "11:05");
        await school.ExitAsync(lateAndLeft, "11:10");
        await school.EnterAsync(cameBack, "11:40");
        await school.ExitAsync(stayed, "13:30");

        var report = await school.ReportAsync();
        var byName = report.Classes.SelectMany(c => c.Students).ToDictionary(s => s.FirstName);
        Assert.Equal(("left_early", true, "11:00"), (byName["Aruzhan"].Status, byName["Aruzhan"].LeftEarly, byName["Aruzhan"].Left));
        Assert.Equal(("present", false, "11:05"), (byName["Bekzat"].Status, byName["Bekzat"].LeftEarly, byName["Bekzat"].Left));
        Assert.Equal(("present", false, "13:30"), (byName["Dana"].Status, byName["Dana"].LeftEarly, byName["Dana"].Left));
        // Left early wins over late (the child is not at school), both flags still say what happened.
        Assert.Equal(("left_early", true, true), (byName["Ermek"].Status, byName["Ermek"].Late, byName["Ermek"].LeftEarly));
    }

    private static (string Status, bool Late, string? Arrived) Summary(AttendanceSchool.StudentDto s) => (s.Status, s.Late, s.Arrived);
}
