using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SchoolGate.Gateway.Tests.EntranceRules;

/// <summary>Classes, shifts, the calendar, rule settings and card validity through the staff API.</summary>
public sealed class RosterAndCalendarApiTests
{
    [Fact]
    public async Task AClassIsCreatedListedAndGivenAStudent()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();

        var created = await gateway.PostAsync<ClassDto>($"/api/schools/{s.SchoolId}/classes",
            new { name = "5a", shift = 2, teacherName = "Gulnara Abenovna", teacherPhone = "8 (701) 234-56-78" });
        var put = await gateway.Http.PutAsJsonAsync($"/api/students/{s.StudentId}/class", new { classId = created.Id });
        var students = await gateway.GetAsync<TestGateway.IdDto[]>($"/api/schools/{s.SchoolId}/classes/{created.Id}/students");
        var duplicate = await gateway.Http.PostAsJsonAsync($"/api/schools/{s.SchoolId}/classes", new { name = "5A", shift = 1 });

        Assert.Equal("5A", created.Name);
        Assert.Equal(2, created.Shift);
        Assert.Equal("+77012345678", created.TeacherPhone);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(s.StudentId, Assert.Single(students).Id);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Single(await gateway.GetAsync<ClassDto[]>($"/api/schools/{s.SchoolId}/classes"));
    }

    [Theory]
    [InlineData("""{"name":"5A","shift":3}""", "shift")]
    [InlineData("""{"shift":1}""", "name")]
    [InlineData("""{"name":"5A","shift":1,"teacherPhone":"12"}""", "teacherPhone")]
    [InlineData("""{"name":"5A","shift":1,"teacherAccountId":999}""", "teacherAccountId")]
    public async Task RefusesABadClassNamingTheField(string body, string field)
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();

        await AssertNamesFieldAsync(await gateway.Http.PostAsync($"/api/schools/{s.SchoolId}/classes", Json(body)), field);
    }

    [Theory]
    [InlineData("/shifts", """{"shifts":[{"shift":1,"startsAt":"8:00","endsAt":"13:30"}]}""", "shifts[0].startsAt")]
    [InlineData("/shifts", """{"shifts":[{"shift":1,"startsAt":"14:00","endsAt":"13:30"}]}""", "shifts[0].endsAt")]
    [InlineData("/shifts", """{"shifts":[{"shift":1,"startsAt":"08:00","endsAt":"13:30"},{"shift":1,"startsAt":"14:00","endsAt":"19:00"}]}""",
        "shifts[1].shift")]
    [InlineData("/calendar/week", """{"days":["monday","funday"]}""", "days")]
    [InlineData("/rules", """{"overrideMinutes":0}""", "overrideMinutes")]
    public async Task RefusesBadScheduleInputNamingTheField(string path, string body, string field)
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();

        await AssertNamesFieldAsync(await gateway.Http.PutAsync($"/api/schools/{s.SchoolId}{path}", Json(body)), field);
    }

    [Fact]
    public async Task RefusesABadHolidayOrCalendarRangeNamingTheField()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();

        await AssertNamesFieldAsync(await gateway.Http.PostAsJsonAsync($"/api/schools/{s.SchoolId}/calendar/holidays",
            new { name = "Nauryz", from = "2025-03-21", to = "2025-03-20" }), "to");
        await AssertNamesFieldAsync(await gateway.Http.GetAsync($"/api/schools/{s.SchoolId}/calendar?from=21.03.2025"), "from");
        await AssertNamesFieldAsync(await gateway.Http.PutAsJsonAsync($"/api/cards/{s.CardId}/validity",
            new { validFrom = "2025-09-01", validUntil = "2025/05/31" }), "validUntil");
    }

    [Fact]
    public async Task ShiftsDefaultToOneMorningShiftUntilConfigured()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();

        var before = await gateway.GetAsync<ShiftsDto>($"/api/schools/{s.SchoolId}/shifts");
        var put = await gateway.Http.PutAsJsonAsync($"/api/schools/{s.SchoolId}/shifts", new
        {
            shifts = new object[]
            {
                new { shift = 1, startsAt = "08:00", endsAt = "13:00", entryOpensBeforeMinutes = 30 },
                new { shift = 2, startsAt = "13:30", endsAt = "18:30" },
            },
        });
        var after = await gateway.GetAsync<ShiftsDto>($"/api/schools/{s.SchoolId}/shifts");

        Assert.False(before.Configured);
        Assert.Equal(("08:00", "13:30", "07:00"), (before.Shifts[0].StartsAt, before.Shifts[0].EndsAt, before.Shifts[0].EntryOpensAt));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.True(after.Configured);
        Assert.Equal(["07:30", "12:30"], after.Shifts.Select(x => x.EntryOpensAt));
    }

    [Fact]
    public async Task TheCalendarSaysWhichDaysAreSchoolDaysAndWhy()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var school = $"/api/schools/{s.SchoolId}/calendar";
        await gateway.PostAsync<object>($"{school}/holidays", new { name = "Nauryz", from = "2025-03-20", to = "2025-03-21" });
        (await gateway.Http.PutAsJsonAsync($"{school}/days/2025-03-22", new { schoolDay = true, note = "made up for Nauryz" })).EnsureSuccessStatusCode();
        (await gateway.Http.PutAsJsonAsync($"{school}/days/2025-03-19", new { schoolDay = false, note = "heating failure" })).EnsureSuccessStatusCode();

        var calendar = await gateway.GetAsync<CalendarDto>($"{school}?from=2025-03-18&to=2025-03-23");

        Assert.Equal(
            [
                ("2025-03-18", true, "school_week"), ("2025-03-19", false, "exceptional_day_off"), ("2025-03-20", false, "holiday"),
                ("2025-03-21", false, "holiday"), ("2025-03-22", true, "exceptional_school_day"), ("2025-03-23", false, "weekend"),
            ],
            calendar.Days.Select(d => (d.Date, d.SchoolDay, d.Why)));
        Assert.Equal("Nauryz", calendar.Days[2].Note);
    }

    [Fact]
    public async Task ASchoolWeekWithSaturdayMakesSaturdaysSchoolDays()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        (await gateway.Http.PutAsJsonAsync($"/api/schools/{s.SchoolId}/calendar/week",
            new { days = new[] { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday" } })).EnsureSuccessStatusCode();

        var calendar = await gateway.GetAsync<CalendarDto>($"/api/schools/{s.SchoolId}/calendar?from=2025-03-15&to=2025-03-16");

        Assert.Equal([true, false], calendar.Days.Select(d => d.SchoolDay));
        Assert.Contains("saturday", calendar.SchoolWeek);
    }

    [Fact]
    public async Task CardValidityDatesAreSetThroughTheCardsApi()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();

        var put = await gateway.Http.PutAsJsonAsync($"/api/cards/{s.CardId}/validity", new { validFrom = "2025-09-01", validUntil = "2026-05-31" });
        var card = await gateway.GetAsync<JsonElement>($"/api/cards/{s.CardId}");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("2025-09-01", card.GetProperty("validFrom").GetString());
        Assert.Equal("2026-05-31", card.GetProperty("validUntil").GetString());
    }

    [Fact]
    public async Task AnotherSchoolsAdminCannotSeeOrChangeThisSchoolsRoster()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var other = await gateway.CreateSchoolAsync("School 8");
        var created = await gateway.PostAsync<ClassDto>($"/api/schools/{s.SchoolId}/classes", new { name = "5A", shift = 1 });
        using var outsider = await gateway.ClientForAsync("school-admin", other);

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/schools/{s.SchoolId}/classes")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/schools/{s.SchoolId}/classes/{created.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await outsider.PostAsJsonAsync($"/api/schools/{s.SchoolId}/classes", new { name = "6B", shift = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await outsider.PutAsJsonAsync($"/api/students/{s.StudentId}/class", new { classId = created.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/schools/{s.SchoolId}/calendar")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await outsider.PutAsJsonAsync($"/api/schools/{s.SchoolId}/rules", new { antiPassback = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await outsider.PutAsJsonAsync($"/api/cards/{s.CardId}/validity", new { validFrom = "2025-01-01" })).StatusCode);
    }

    [Fact]
    public async Task ASecurityOfficerMayNotChangeTheCalendar()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        using var officer = await gateway.ClientForAsync("security-officer", s.SchoolId);

        var response = await officer.PostAsJsonAsync($"/api/schools/{s.SchoolId}/calendar/holidays",
            new { name = "Nauryz", from = "2025-03-20", to = "2025-03-21" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/schools/{s.SchoolId}/calendar")).StatusCode);
    }

    internal static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    internal static async Task AssertNamesFieldAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), text);
    }

    private sealed record ClassDto(long Id, long SchoolId, string Name, int Shift, string? TeacherName, string? TeacherPhone, long? TeacherAccountId);

    private sealed record ShiftDto(int Number, string StartsAt, string EndsAt, int EntryOpensBeforeMinutes, string EntryOpensAt);

    private sealed record ShiftsDto(long SchoolId, bool Configured, ShiftDto[] Shifts);

    private sealed record DayDto(string Date, bool SchoolDay, string Why, string? Note);

    private sealed record CalendarDto(long SchoolId, string[] SchoolWeek, DayDto[] Days);
}
