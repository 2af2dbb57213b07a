using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Access;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Csv;
using SchoolGate.Gateway.Diagnostics;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Notifications;
using SchoolGate.Gateway.Schedule;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Roster;

/// <summary>
/// A school's roster from its spreadsheet: <c>POST /api/schools/{id}/roster/import?dryRun=</c> with
/// the CSV as the body. Both runs check every row and answer the same per-row report; the real run
/// writes in one transaction, all rows or (any row in error) none, so a school fixes the file and
/// sends it again rather than untangling half an import. A dry run does the same work in a
/// transaction that is rolled back: its report is exactly what the real run would answer.
/// </summary>
public static class RosterImportApi
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 5000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static RouteGroupBuilder MapRosterImportApi(this RouteGroupBuilder api)
    {
        api.MapPost("/schools/{id:long}/roster/import", ImportAsync).WithTags("Roster import").RequireAuthorization(StaffPolicies.SchoolAdmin)
            // No Accepts<>("text/csv"): routing would answer a wrong Content-Type with a bare 415 before
            // the handler could say what to send (and count it).
            .WithSummary("Import classes, students, guardians and cards from a CSV file (dryRun=true: check only)");
        return api;
    }

    /// <param name="dryRun">true: check and report, change nothing; false: apply (all rows or none).</param>
    private static async Task<Results<Ok<RosterImportReport>, UnprocessableEntity<RosterImportReport>, ValidationProblem, ProblemHttpResult>>
        ImportAsync(long id, string? dryRun, HttpRequest request, StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db,
            AccessListPublisher accessLists, GatewayMetrics metrics, IOptions<NotificationOptions> notifications, CancellationToken ct)
    {
        if (dryRun is not ("true" or "false"))
        {
            metrics.RosterImportsRefused.Add();
            return Problems.Invalid("dryRun", "dryRun is required: true (check only) or false (apply).");
        }

        if (request.ContentType is not { } type || !(type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase)
                || type.StartsWith("application/csv", StringComparison.OrdinalIgnoreCase)))
        {
            metrics.RosterImportsRefused.Add();
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send the roster as Content-Type: text/csv.");
        }

        await using var connection = await db.OpenAsync(ct);
        if (!await connection.SchoolVisibleAsync(user, id))
        {
            return Problems.NotFound("School", id);
        }

        var (text, tooLarge) = await ReadAsync(request, ct);
        if (text is null)
        {
            metrics.RosterImportsRefused.Add();
            return tooLarge
                ? TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large",
                    detail: $"A roster file may be at most {MaxBytes / (1024 * 1024)} MB; split it (by class, say).")
                : Problems.Invalid("body", "The file is not UTF-8: save the spreadsheet as \"CSV UTF-8\" (Excel: File > Save As) and send it again.");
        }

        var delimiter = CsvReader.DetectDelimiter(text!);
        var (records, csvError) = CsvReader.Parse(text!, delimiter);
        var header = records.Count > 0 ? RosterFile.Header(records[0]) : (new Dictionary<string, int>(), ["The file is empty: a header row is required."]);
        var fileErrors = csvError is not null ? [csvError] : header.Errors;
        if (fileErrors.Count == 0 && records.Count - 1 > MaxRows)
        {
            fileErrors = [$"At most {MaxRows} rows per file; this one has {records.Count - 1}. Split it (by class, say)."];
        }

        if (fileErrors.Count > 0)
        {
            metrics.RosterImportsRefused.Add();
            return Problems.Invalid(csvError is not null || records.Count - 1 > MaxRows ? "body" : "header", string.Join(" ", fileErrors));
        }

        // Numbered as the spreadsheet shows them (the header is row 1), not by text lines: a quoted cell may hold a line break.
        var rows = records.Skip(1).Select((r, i) => RosterFile.Row(i + 2, r, header.Columns, records[0].Fields.Count)).ToList();
        RosterFile.CheckAcrossRows(rows);

        var isDryRun = dryRun == "true";
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var importer = new RosterImporter(connection, transaction, id, notifications.Value.DefaultLanguage);
        var results = new List<RosterRowResult>();
        foreach (var row in rows)
        {
            results.Add(await importer.ApplyAsync(row));
        }

        var errors = results.Count(r => r.Outcome == RosterOutcomes.Error);
        if (isDryRun)
        {
            results = [.. results.Select(r => r.Outcome == RosterOutcomes.Created ? r with { StudentId = null } : r)];
        }

        var counts = new RosterImportCounts(results.Count, results.Count(r => r.Outcome == RosterOutcomes.Created),
            results.Count(r => r.Outcome == RosterOutcomes.Updated), results.Count(r => r.Outcome == RosterOutcomes.Unchanged), errors,
            importer.ClassesCreated, importer.GuardiansCreated, importer.GuardianLinksAdded, importer.CardsAdded.Count);
        var applied = !isDryRun && errors == 0;
        var report = new RosterImportReport(id, isDryRun, applied, delimiter.ToString(), counts, results);
        if (!applied)
        {
            await transaction.RollbackAsync(ct);
            return isDryRun ? TypedResults.Ok(report) : TypedResults.UnprocessableEntity(report);
        }

        await audit.RecordAsync(connection, transaction, actor, "import", "roster", id, id, null, counts);
        await transaction.CommitAsync(ct);
        foreach (var card in importer.CardsAdded)
        {
            accessLists.CardChanged(card);
        }

        return TypedResults.Ok(report);
    }

    /// <summary>The body as text (null: over <see cref="MaxBytes"/>, or not UTF-8); a byte order mark is dropped.</summary>
    private static async Task<(string? Text, bool TooLarge)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        // Api:MaxRequestBodyBytes (64 KB) is for JSON bodies; a roster file may be larger. The
        // limit is raised for this request only, before its body is read; this method enforces ours.
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes + 1;
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, true);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, true);
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        }

        try
        {
            return (StrictUtf8.GetString(bytes.Span), false);
        }
        catch (DecoderFallbackException)
        {
            return (null, false);
        }
    }
}
