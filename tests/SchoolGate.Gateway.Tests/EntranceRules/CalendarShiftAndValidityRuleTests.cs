using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.EntranceRules;

namespace SchoolGate.Gateway.Tests.EntranceRules;

/// <summary>The calendar, the shift entry window and card validity dates at the turnstile (test clock, real MQTT).</summary>
public sealed class CalendarShiftAndValidityRuleTests
{
    [Fact]
    public async Task RefusesEntryOnAHolidayButNeverAnExit()
    {
        await using var gateway = await TestGateway.StartAsync(EntranceRulesTestKit.Local(2025, 3, 21, 8, 0));
        var s = await gateway.SeedAsync();
        await gateway.RulesAsync(s.SchoolId, new { checkCalendar = true });
        await gateway.PostAsync<object>($"/api/schools/{s.SchoolId}/calendar/holidays", new { name = "Nauryz", from = "2025-03-20", to = "2025-03-23" });
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var entry = await device.RequestAccessAsync(s.CardId);
        var exit = await device.RequestAccessAsync(s.CardId, Directions.Out);

        Assert.Equal((false, Reasons.NotASchoolDay, "No school today"), (entry.Allow, entry.Reason, entry.Text));
        Assert.True(exit.Allow);
    }

    [Fact]
    public async Task RefusesEntryOnASundayAndOnAnExceptionalDayOff()
    {
        await using var gateway = await TestGateway.StartAsync(EntranceRulesTestKit.Local(2025, 3, 16, 8, 0));
        var s = await gateway.SeedAsync();
        await gateway.RulesAsync(s.SchoolId, new { checkCalendar = true });
        await gateway.PutOkAsync($"/api/schools/{s.SchoolId}/calendar/days/2025-03-17", new { schoolDay = false, note = "heating failure" });
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var sunday = await device.RequestAccessAsync(s.CardId);
        gateway.Time.SetUtcNow(EntranceRulesTestKit.Local(2025, 3, 17, 8, 0));
        var dayOff = await device.RequestAccessAsync(s.CardId);
        gateway.Time.SetUtcNow(EntranceRulesTestKit.Local(2025, 3, 18, 8, 0));
        var tuesday = await device.RequestAccessAsync(s.CardId);

        Assert.Equal(Reasons.NotASchoolDay, sunday.Reason);
        Assert.Equal(Reasons.NotASchoolDay, dayOff.Reason);
        Assert.True(tuesday.Allow);
    }

    [Fact]
    public async Task AllowsEntryOnAnExceptionalSchoolSaturdayAndOnSaturdaysOfASixDayWeek()
    {
        await using var gateway = await TestGateway.StartAsync(EntranceRulesTestKit.Local(2025, 3, 15, 8, 0));
        var s = await gateway.SeedAsync();
        await gateway.RulesAsync(s.SchoolId, new { checkCalendar = true });
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var ordinarySaturday = await device.RequestAccessAsync(s.CardId);

        await gateway.PutOkAsync($"/api/schools/{s.SchoolId}/calendar/days/2025-03-15", new { schoolDay = true, note = "made up for Nauryz" });
        var madeUp = await device.RequestAccessAsync(s.CardId);
        gateway.Time.SetUtcNow(EntranceRulesTestKit.Local(2025, 3, 22, 8, 0));
        var nextSaturday = await device.RequestAccessAsync(s.CardId);
        await gateway.PutOkAsync($"/api/schools/{s.SchoolId}/calendar/week",
            new { days = new[] { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday" } });
        var sixDayWeek = await device.RequestAccessAsync(s.CardId);

        Assert.Equal(Reasons.NotASchoolDay, ordinarySaturday.Reason);
        Assert.True(madeUp.Allow);
        Assert.Equal(Reasons.NotASchoolDay, nextSaturday.Reason);
        Assert.True(sixDayWeek.Allow);
    }

    [Fact]
    public async Task RefusesEntryOutsideTheClassShiftsWindowButNeverAnExit()
    {
        await using var gateway = await TestGateway.StartAsync(EntranceRulesTestKit.Local(2025, 3, 10, 7, 52));
        var s = await gateway.SeedAsync();
        await gateway.RulesAsync(s.SchoolId, new { checkShifts = true });
        await gateway.PutOkAsync($"/api/schools/{s.SchoolId}/shifts", new
        {
            shifts = new object[]
            {
                new { shift = 1, startsAt = "08:00", endsAt = "13:00", entryOpensBeforeMinutes = 30 },
                new { shift = 2, startsAt = "13:30", endsAt = "18:30", entryOpensBeforeMinutes = 30 },
            },
        });
        var afternoon = await gateway.PostAsync<TestGateway.IdDto>($"/api/schools/{s.SchoolId}/classes", new { name = "7B", shift = 2 });
        await gateway.PutOkAsync($"/api/students/{s.StudentId}/class", new { classId = afternoon.Id });
        var noClass = await gateway.CreateStudentAsync(s.SchoolId, "Dias");
        await gateway.AddCardAsync("card-dias", noClass);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var morning = await device.RequestAccessAsync(s.CardId);
        var morningExit = await device.RequestAccessAsync(s.CardId, Directions.Out);
        var withoutClass = await device.RequestAccessAsync("card-dias");
        gateway.Time.SetUtcNow(EntranceRulesTestKit.Local(2025, 3, 10, 12, 59));
        var tooEarly = await device.RequestAccessAsync(s.CardId);
        gateway.Time.SetUtcNow(EntranceRulesTestKit.Local(2025, 3, 10, 13, 0));
        var opens = await device.RequestAccessAsync(s.CardId);
        gateway.Time.SetUtcNow(EntranceRulesTestKit.Local(2025, 3, 10, 18, 30));
        var afterEnd = await device.RequestAccessAsync(s.CardId);

        Assert.Equal((false, Reasons.OutsideShift, "Not your shift's hours"), (morning.Allow, morning.Reason, morning.Text));
        Assert.True(morningExit.Allow);
        Assert.True(withoutClass.Allow);
        Assert.Equal(Reasons.OutsideShift, tooEarly.Reason);
        Assert.True(opens.Allow);
        Assert.Equal(Reasons.OutsideShift, afterEnd.Reason);
    }

    [Fact]
    public async Task TheDefaultShiftOpensEntryAtSevenWhenTheSchoolConfiguredNone()
    {
        await using var gateway = await TestGateway.StartAsync(EntranceRulesTestKit.Local(2025, 3, 10, 6, 59));
        var s = await gateway.SeedAsync();
        await gateway.RulesAsync(s.SchoolId, new { checkShifts = true });
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var early = await device.RequestAccessAsync(s.CardId);
        gateway.Time.SetUtcNow(EntranceRulesTestKit.Local(2025, 3, 10, 7, 0));

        Assert.Equal(Reasons.OutsideShift, early.Reason);
        Assert.True((await device.RequestAccessAsync(s.CardId)).Allow);
    }

    [Fact]
    public async Task RefusesACardBeforeItsFirstAndAfterItsLastValidDay()
    {
        await using var gateway = await TestGateway.StartAsync(EntranceRulesTestKit.Local(2025, 3, 10, 8, 0));
        var s = await gateway.SeedAsync();
        await gateway.PutOkAsync($"/api/cards/{s.CardId}/validity", new { validFrom = "2025-03-11", validUntil = "2025-05-31" });
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var before = await device.RequestAccessAsync(s.CardId);
        var exitBefore = await device.RequestAccessAsync(s.CardId, Directions.Out);
        gateway.Time.SetUtcNow(EntranceRulesTestKit.Local(2025, 3, 11, 0, 0));
        var firstDay = await device.RequestAccessAsync(s.CardId);
        gateway.Time.SetUtcNow(EntranceRulesTestKit.Local(2025, 5, 31, 23, 59));
        var lastDay = await device.RequestAccessAsync(s.CardId);
        gateway.Time.SetUtcNow(EntranceRulesTestKit.Local(2025, 6, 1, 0, 0));
        var after = await device.RequestAccessAsync(s.CardId);

        Assert.Equal((false, Reasons.CardNotYetValid, "Card not valid yet"), (before.Allow, before.Reason, before.Text));
        Assert.True(exitBefore.Allow);
        Assert.True(firstDay.Allow);
        Assert.True(lastDay.Allow);
        Assert.Equal((false, Reasons.CardExpired), (after.Allow, after.Reason));
    }

    [Fact]
    public void EveryLaneTextIsShortAsciiAndEveryReasonHasOne()
    {
        var reasons = typeof(Reasons).GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetValue(null)!).Except([Reasons.OfflineList, Reasons.NotInOfflineList]);

        Assert.All(reasons, r => Assert.True(LaneTexts.All.ContainsKey(r), $"no lane text for {r}"));
        Assert.All(LaneTexts.All.Values.Append(LaneTexts.Goodbye),
            t => Assert.True(t.Length <= Reasons.MaxTextLength && t.All(c => c is >= ' ' and <= '~'), $"'{t}'"));
    }
}
