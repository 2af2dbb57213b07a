using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static SchoolGate.Gateway.Tests.Roster.RosterImportClient;

namespace SchoolGate.Gateway.Tests.Roster;

public sealed class RosterImportTests
{
    private static string Example => System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Roster", "roster.csv"));

    [Fact]
    public async Task ADryRunReportsEveryRowAndChangesNothing()
    {
        await using var gateway = await TestGateway.StartAsync();
        var school = await gateway.CreateSchoolAsync("School 7");

        var report = await ImportAsync(gateway.Http, school, Example, dryRun: true);

        Assert.True(report.DryRun);
        Assert.False(report.Applied);
        Assert.Equal(",", report.Delimiter);
        Assert.Equal(new CountsDto(4, 4, 0, 0, 0, 3, 2, 3, 4), report.Counts);
        Assert.Equal([2, 3, 4, 5], report.Rows.Select(r => r.Row));
        Assert.All(report.Rows, r => Assert.Equal(("created", (long?)null), (r.Outcome, r.StudentId)));
        Assert.Equal(0, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM students"));
        Assert.Equal(0, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM classes"));
        Assert.Equal(0, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM guardians"));
        Assert.Equal(0, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'roster'"));
    }

    [Fact]
    public async Task ADryRunNamesTheColumnOfEveryRowError()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();   // its student holds card-{student}-{school}
        var csv = File(
            "5A,1,Aruzhan,Abenova,Gulnara,Abenova,+7 701 234 56 78,ru,C1",
            "5A,2,Bekzat,Bolatov,Nurlan,Bolatov,+7 495 123 45 67,ru,C2",
            "5A,3,,Dosova,,,,,C3",
            "5A,4,Ermek,Eraliev,,,,,C1",
            $"5A,5,Farida,Faizova,,,,,{s.CardId}",
            "5A,1,Galym,Gabitov,,,,,",
            "5A,7,Halima,Hasanova,Hadi,,+77011112233,de,bad/card");

        var report = await ImportAsync(gateway.Http, s.SchoolId, csv, dryRun: true);

        Assert.Equal("created", report.Rows[0].Outcome);
        Assert.Equal([("guardian_phone", true)], ErrorsOf(report, 3).AsEnumerable());
        Assert.Equal([("student_first_name", true)], ErrorsOf(report, 4).AsEnumerable());
        Assert.Equal([("card_ids", true)], ErrorsOf(report, 5).AsEnumerable());
        Assert.Contains("row 2", report.Rows[3].Errors[0].Message);
        Assert.Contains("another student", Assert.Single(report.Rows[4].Errors).Message);
        Assert.Equal([("student_number", true)], ErrorsOf(report, 7).AsEnumerable());
        Assert.Equal(["guardian_last_name", "guardian_language", "card_ids"], report.Rows[6].Errors.Select(e => e.Column));
        Assert.Equal(6, report.Counts.Errors);
        Assert.Equal(s.StudentId, gateway.Store.Scalar<long>("SELECT student_id FROM cards WHERE card_id = @c", new { c = s.CardId }));
    }

    [Fact]
    public async Task AnImportAppliesEverythingAndTheSameFileAgainChangesNothing()
    {
        await using var gateway = await TestGateway.StartAsync();
        var school = await gateway.CreateSchoolAsync("School 7");
        var deviceSecret = await gateway.RegisterDeviceAsync("turnstile-7", school);

        var first = await ImportAsync(gateway.Http, school, Example, dryRun: false);
        var again = await ImportAsync(gateway.Http, school, Example, dryRun: false);

        Assert.True(first.Applied);
        Assert.Equal(new CountsDto(4, 4, 0, 0, 0, 3, 2, 3, 4), first.Counts);
        Assert.Equal(new CountsDto(4, 0, 0, 4, 0, 0, 0, 0, 0), again.Counts);
        Assert.Equal(first.Rows.Select(r => r.StudentId), again.Rows.Select(r => r.StudentId));
        var classes = await gateway.GetAsync<ClassDto[]>($"/api/schools/{school}/classes");
        Assert.Equal(["5A", "5Ә", "7Б"], classes.Select(c => c.Name).Order(StringComparer.Ordinal));
        var asem = await gateway.GetAsync<StudentDetailsDto>($"/api/students/{first.Rows[0].StudentId}");
        var dana = await gateway.GetAsync<StudentDetailsDto>($"/api/students/{first.Rows[2].StudentId}");
        Assert.Equal(("Әсем", "Құрманова"), (asem.FirstName, asem.LastName));
        Assert.Equal(["04A1B2C3D4"], asem.CardIds);
        // Siblings with one phone number have one guardian, in the language the file gave.
        var mother = Assert.Single(asem.Guardians);
        Assert.Equal(mother.Id, Assert.Single(dana.Guardians).Id);
        Assert.Equal(("+77012345678", "kk"), (mother.Phone, mother.Language));
        Assert.Equal(2, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM guardians"));
        Assert.Equal(4, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM cards"));
        Assert.Equal(3, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM student_guardians"));
        var audit = await gateway.GetAsync<JsonElement[]>("/api/audit?entity=roster");
        Assert.Equal(2, audit.Length);
        Assert.Equal([0, 4], audit.Select(a => a.GetProperty("newValue").GetProperty("created").GetInt32()).Order());
        // An imported card opens the entrance.
        await using var device = await gateway.ConnectAsync("turnstile-7", deviceSecret);
        Assert.True((await device.RequestAccessAsync("04B2C3D4E6")).Allow);
    }

    [Fact]
    public async Task AChangedRowUpdatesTheStudentFoundByTheirNumber()
    {
        await using var gateway = await TestGateway.StartAsync();
        var school = await gateway.CreateSchoolAsync("School 7");
        await ImportAsync(gateway.Http, school, File("5A,100,Aruzhan,Abenova,,,,,C1"), dryRun: false);

        var report = await ImportAsync(gateway.Http, school,
            File("6A,100,Aruzhan,Abenova-Serikova,Gulnara,Abenova,87011234567,,C1 C2", "6A,101,Bekzat,Bolatov,,,,,"), dryRun: false);

        Assert.Equal(["updated", "created"], report.Rows.Select(r => r.Outcome));
        Assert.Equal(1, report.Counts.ClassesCreated);
        var student = await gateway.GetAsync<StudentDetailsDto>($"/api/students/{report.Rows[0].StudentId}");
        Assert.Equal("Abenova-Serikova", student.LastName);
        Assert.Equal(["C1", "C2"], student.CardIds.Order(StringComparer.Ordinal));
        Assert.Equal("ru", Assert.Single(student.Guardians).Language);   // Notifications:DefaultLanguage
        Assert.Equal(1, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM students WHERE external_id = '100'"));
    }

    [Fact]
    public async Task ARealRunWithOneBadRowAppliesNoRow()
    {
        await using var gateway = await TestGateway.StartAsync();
        var school = await gateway.CreateSchoolAsync("School 7");

        var report = await ImportAsync(gateway.Http, school, File("5A,1,Aruzhan,Abenova,,,,,C1", "5A,2,Bekzat,,,,,,C2"), dryRun: false,
            HttpStatusCode.UnprocessableEntity);

        Assert.False(report.Applied);
        Assert.Equal(["created", "error"], report.Rows.Select(r => r.Outcome));
        Assert.Equal(0, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM students"));
        Assert.Equal(0, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM cards"));
        Assert.Equal(0, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'roster'"));
    }

    [Fact]
    public async Task AnExcelFileWithSemicolonsABomAndQuotedFieldsIsRead()
    {
        await using var gateway = await TestGateway.StartAsync();
        var school = await gateway.CreateSchoolAsync("School 7");
        var csv = "Class;Student number;Student first name;Student last name;Card IDs\r\n"
            + "5A;\"2025;1\";\"Әсем \"\"Ася\"\"\";\"Құрманова\r\nмладшая\";C1|C2\r\n\r\n"
            + "5A;2025-2;Бекзат;Болатов;\r\n";
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();

        var response = await SendAsync(gateway.Http, school, bytes, "false");
        var report = await response.Content.ReadFromJsonAsync<ReportDto>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(";", report!.Delimiter);
        Assert.Equal([2, 3], report.Rows.Select(r => r.Row));
        var student = await gateway.GetAsync<StudentDetailsDto>($"/api/students/{report.Rows[0].StudentId}");
        Assert.Equal(("Әсем \"Ася\"", "Құрманова\r\nмладшая", 2), (student.FirstName, student.LastName, student.CardIds.Length));
        Assert.Equal("2025;1", gateway.Store.Scalar<string>("SELECT external_id FROM students WHERE id = @id", new { id = report.Rows[0].StudentId }));
    }

    [Fact]
    public async Task OnlyAnAdminOfTheSchoolImportsItsRoster()
    {
        await using var gateway = await TestGateway.StartAsync();
        var school = await gateway.CreateSchoolAsync("School 7");
        var other = await gateway.CreateSchoolAsync("School 8");
        using var admin = await gateway.ClientForAsync("school-admin", school);
        using var otherAdmin = await gateway.ClientForAsync("school-admin", other);
        using var officer = await gateway.ClientForAsync("security-officer", school);
        var csv = File("5A,1,Aruzhan,Abenova,,,,,");

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(admin, school, csv, dryRun: true)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(otherAdmin, school, csv, dryRun: false)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(officer, school, csv, dryRun: false)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(gateway.Http, 999, csv, dryRun: true)).StatusCode);
        Assert.Equal(0, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM students"));
    }

    [Fact]
    public async Task AFileWithAnUnknownOrMissingColumnIsRefusedNamingIt()
    {
        await using var gateway = await TestGateway.StartAsync();
        var school = await gateway.CreateSchoolAsync("School 7");

        var unknown = await SendAsync(gateway.Http, school, "class,student_number,student_first_name,student_last_name,guardian_phnoe\r\n5A,1,A,B,\r\n", dryRun: true);
        var missing = await SendAsync(gateway.Http, school, "class,student_first_name,student_last_name\r\n5A,A,B\r\n", dryRun: true);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var problem = await unknown.Content.ReadAsStringAsync();
        Assert.Contains("\"header\"", problem);
        Assert.Contains("guardian_phnoe", problem);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("student_number", await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BadRequestsGetAClearErrorAndAreCounted()
    {
        await using var gateway = await TestGateway.StartAsync();
        var school = await gateway.CreateSchoolAsync("School 7");
        var good = File("5A,1,Aruzhan,Abenova,,,,,");
        var cp1251 = new byte[] { 0x63, 0x6C, 0x61, 0x73, 0x73, 0x0D, 0x0A, 0xC0, 0xF0, 0xF3 };   // "class" then "Дру" in Windows-1251
        var tooManyRows = File([.. Enumerable.Range(1, 5001).Select(i => $"5A,{i},A,B,,,,,")]);
        var tooLarge = Encoding.UTF8.GetBytes((Header + "\r\n").PadRight(5 * 1024 * 1024 + 1, 'x'));
        var before = (await gateway.MetricsAsync())["rosterImportsRefused"];

        await AssertProblemAsync(await SendAsync(gateway.Http, school, good, dryRun: true, contentType: "application/json"), 415, null);
        await AssertProblemAsync(await SendAsync(gateway.Http, school, Encoding.UTF8.GetBytes(good), "maybe"), 400, "dryRun");
        await AssertProblemAsync(await SendAsync(gateway.Http, school, cp1251, "true"), 400, "body");
        await AssertProblemAsync(await SendAsync(gateway.Http, school, "", dryRun: true), 400, "header");
        await AssertProblemAsync(await SendAsync(gateway.Http, school, Header + "\r\n5A,\"1,A,B\r\n", dryRun: true), 400, "body");
        await AssertProblemAsync(await SendAsync(gateway.Http, school, tooManyRows, dryRun: true), 400, "body");
        await AssertProblemAsync(await SendAsync(gateway.Http, school, tooLarge, "true"), 413, null);

        Assert.Equal(before + 7, (await gateway.MetricsAsync())["rosterImportsRefused"]);
        Assert.Equal(0, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM students"));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string? field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
        if (field is not null)
        {
            Assert.Contains($"\"{field}\"", body);
        }
    }

    private static (string Column, bool HasMessage)[] ErrorsOf(ReportDto report, int row) =>
        [.. report.Rows.Single(r => r.Row == row).Errors.Select(e => (e.Column, e.Message.Length > 0))];

    public sealed record ClassDto(long Id, string Name, int Shift);

    public sealed record GuardianDto(long Id, string FirstName, string LastName, string? Phone, string? Language);

    public sealed record StudentDetailsDto(long Id, long SchoolId, string FirstName, string LastName, bool Active, GuardianDto[] Guardians,
        string[] CardIds);
}
