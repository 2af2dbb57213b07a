using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.VisualBasic.FileIO;

namespace SchoolGate.Gateway.Tests.Attendance;

public sealed class AttendanceReportTests
{
    [Fact]
    public async Task TheReportGroupsStudentsByClassWithStatusAndLocalTimes()
    {
        await using var gateway = await TestGateway.StartAsync(configure: AttendanceSchool.ManualChecks);
        await using var school = await AttendanceSchool.StartAsync(gateway);
        var onTime = await school.AddChildAsync("Әсем", "Құрманова");
        var late = await school.AddChildAsync("Бекзат", "Болатов");
        var absent = await school.AddChildAsync("Dana", "Dosova", inClass: false);
        await school.EnterAsync(onTime, "07:55");
        await school.EnterAsync(late, "08:20");
        await school.ExitAsync(late, "12:00");
        school.At("12:30");

        var report = await school.ReportAsync();

        Assert.True(report.SchoolDay);
        Assert.Equal("09:00", report.AbsentAfter["1"]);
        var fiveA = Assert.Single(report.Classes, c => c.ClassName == "5A");
        Assert.Equal(["Болатов", "Құрманова"], fiveA.Students.Select(s => s.LastName));
        Assert.Equal(("left_early", true, "08:20", "12:00"), fiveA.Students[0] is var b ? (b.Status, b.Late, b.Arrived, b.Left) : default);
        Assert.Equal(("present", "07:55", (string?)null), fiveA.Students[1] is var a ? (a.Status, a.Arrived, a.Left) : default);
        var noClass = Assert.Single(report.Classes, c => c.ClassId is null);
        Assert.Equal(absent.StudentId, Assert.Single(noClass.Students).StudentId);
        Assert.Equal("absent", noClass.Students[0].Status);

        var oneClass = await school.ReportAsync($"&classId={school.ClassId}");
        Assert.Equal("5A", Assert.Single(oneClass.Classes).ClassName);
    }

    [Fact]
    public async Task BeforeTheAbsentAfterTimeAMissingChildIsNotYetAbsent()
    {
        await using var gateway = await TestGateway.StartAsync(configure: AttendanceSchool.ManualChecks);
        await using var school = await AttendanceSchool.StartAsync(gateway);
        var child = await school.AddChildAsync("Dana", "Dosova");
        school.At("08:30");

        Assert.Equal("not_arrived_yet", (await school.StatusOfAsync(child)).Status);
        Assert.Equal("absent", (await gateway.GetAsync<AttendanceSchool.ReportDto>(
            $"/api/schools/{school.SchoolId}/attendance/report?date=2025-03-07")).Classes[0].Students[0].Status);   // last Friday
    }

    [Fact]
    public async Task TheCsvReportIsUtf8WithABomAHeaderAndRfc4180Quoting()
    {
        await using var gateway = await TestGateway.StartAsync(configure: AttendanceSchool.ManualChecks);
        await using var school = await AttendanceSchool.StartAsync(gateway);
        var quoted = await school.AddChildAsync("Әсем \"Ася\"", "Құрманова, младшая");
        var formula = await school.AddChildAsync("Bekzat", "=1+2");
        await school.EnterAsync(quoted, "08:05");
        school.At("10:00");

        var response = await gateway.Http.GetAsync($"/api/schools/{school.SchoolId}/attendance/report?date=2025-03-10&format=csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/schools/{school.SchoolId}/attendance/report?date=2025-03-10&delimiter=semicolon");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var semicolon = await (await gateway.Http.SendAsync(request)).Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var rows = Parse(bytes, ",");
        Assert.Equal(["date", "class", "shift", "student_number", "last_name", "first_name", "status", "late", "left_early", "arrived", "left"], rows[0]);
        Assert.Equal(["2025-03-10", "5A", "1", "", "'=1+2", "Bekzat", "absent", "no", "no", "", ""], rows[1]);
        Assert.Equal(["2025-03-10", "5A", "1", "", "Құрманова, младшая", "Әсем \"Ася\"", "late", "yes", "no", "08:05", ""], rows[2]);
        Assert.Equal(rows, Parse(semicolon, ";"));
    }

    [Fact]
    public async Task ReportAndClassListAreForSecurityStaffOfTheSchoolOnly()
    {
        await using var gateway = await TestGateway.StartAsync(configure: AttendanceSchool.ManualChecks);
        await using var school = await AttendanceSchool.StartAsync(gateway);
        var other = await gateway.CreateSchoolAsync("School 8");
        using var officer = await gateway.ClientForAsync("security-officer", school.SchoolId);
        using var otherAdmin = await gateway.ClientForAsync("school-admin", other);
        using var canteen = await gateway.ClientForAsync("canteen-operator", school.SchoolId);
        var report = $"/api/schools/{school.SchoolId}/attendance/report";
        var absent = $"/api/schools/{school.SchoolId}/classes/{school.ClassId}/absent";

        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync(report)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync(absent)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.GetAsync(report)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.GetAsync(absent)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await canteen.GetAsync(report)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/api/schools/{school.SchoolId}/classes/999/absent")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"{report}?classId=999")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PutAsync($"/api/schools/{school.SchoolId}/attendance/settings",
            new StringContent("""{"absenceAlerts":true}""", Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Theory]
    [InlineData("report?date=2025-13-01", "date")]
    [InlineData("report?date=10.03.2025", "date")]
    [InlineData("report?format=xml", "format")]
    [InlineData("report?format=csv&delimiter=tab", "delimiter")]
    public async Task BadReportQueriesNameTheField(string query, string field)
    {
        await using var gateway = await TestGateway.StartAsync(configure: AttendanceSchool.ManualChecks);
        await using var school = await AttendanceSchool.StartAsync(gateway);

        var response = await gateway.Http.GetAsync($"/api/schools/{school.SchoolId}/attendance/{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BadSettingsAndClassListDatesNameTheField()
    {
        await using var gateway = await TestGateway.StartAsync(configure: AttendanceSchool.ManualChecks);
        await using var school = await AttendanceSchool.StartAsync(gateway);

        var grace = await gateway.Http.PutAsync($"/api/schools/{school.SchoolId}/attendance/settings",
            new StringContent("""{"lateGraceMinutes":61}""", Encoding.UTF8, "application/json"));
        var date = await gateway.Http.GetAsync($"/api/schools/{school.SchoolId}/classes/{school.ClassId}/absent?date=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, grace.StatusCode);
        Assert.Contains("\"lateGraceMinutes\"", await grace.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, date.StatusCode);
        Assert.Contains("\"date\"", await date.Content.ReadAsStringAsync());
    }

    /// <summary>Parsed by the framework's own CSV reader, not the gateway's.</summary>
    private static List<string[]> Parse(byte[] bytes, string delimiter)
    {
        using var parser = new TextFieldParser(new MemoryStream(bytes), Encoding.UTF8, detectEncoding: true)
        {
            TextFieldType = FieldType.Delimited,
            HasFieldsEnclosedInQuotes = true,
            TrimWhiteSpace = false,
        };
        parser.SetDelimiters(delimiter);
        var rows = new List<string[]>();
        while (!parser.EndOfData)
        {
            rows.Add(parser.ReadFields()!);
        }

        return rows;
    }
}
