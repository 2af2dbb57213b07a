using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace SchoolGate.Gateway.Tests.Roster;

/// <summary>Sends roster files to a test gateway's import endpoint and reads its report.</summary>
public static class RosterImportClient
{
    public const string Header =
        "class,student_number,student_first_name,student_last_name,guardian_first_name,guardian_last_name,guardian_phone,guardian_language,card_ids";

    public static string File(params string[] rows) => string.Join("\r\n", [Header, .. rows]) + "\r\n";

    public static Task<HttpResponseMessage> SendAsync(HttpClient http, long schoolId, string csv, bool dryRun, string contentType = "text/csv") =>
        SendAsync(http, schoolId, Encoding.UTF8.GetBytes(csv), dryRun ? "true" : "false", contentType);

    public static Task<HttpResponseMessage> SendAsync(HttpClient http, long schoolId, byte[] body, string dryRun, string contentType = "text/csv")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return http.PostAsync($"/api/schools/{schoolId}/roster/import?dryRun={dryRun}", content);
    }

    public static async Task<ReportDto> ImportAsync(HttpClient http, long schoolId, string csv, bool dryRun,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await SendAsync(http, schoolId, csv, dryRun);
        Assert.True(response.StatusCode == expected, $"import -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ReportDto>())!;
    }

    public sealed record ErrorDto(string Column, string Message);

    public sealed record RowDto(int Row, string? StudentNumber, string Outcome, long? StudentId, ErrorDto[] Errors);

    public sealed record CountsDto(int Rows, int Created, int Updated, int Unchanged, int Errors, int ClassesCreated, int GuardiansCreated,
        int GuardianLinksAdded, int CardsAdded);

    public sealed record ReportDto(long SchoolId, bool DryRun, bool Applied, string Delimiter, CountsDto Counts, RowDto[] Rows);
}
