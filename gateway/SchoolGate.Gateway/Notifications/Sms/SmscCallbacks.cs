using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using SchoolGate.Gateway.Diagnostics;
using SchoolGate.Gateway.Http;

namespace SchoolGate.Gateway.Notifications.Sms;

/// <summary>
/// SMSC's delivery reports: SMSC calls the handler address set in its account settings after each
/// status change of a message, with the message's id, phone and status (and err, an operator
/// error code) as form fields. The address ends in <see cref="SmsOptions.CallbackSecret"/>, which
/// is what authenticates SMSC: the endpoint is anonymous (SMSC cannot sign in) and outside /api.
/// Anything else is refused with a 4xx, counted and logged, and changes nothing.
/// </summary>
public static class SmscCallbacks
{
    public const string StatusRoute = "/sms/smsc/status/{secret}";

    public static void Map(WebApplication app) =>
        app.MapPost(StatusRoute, ReceiveAsync).AllowAnonymous().ExcludeFromDescription();

    private static async Task<Results<ContentHttpResult, ProblemHttpResult, ValidationProblem>> ReceiveAsync(
        string secret, HttpContext context, IOptions<SmsOptions> options, SmsDeliveryReports reports, GatewayMetrics metrics,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(SmscCallbacks));
        var from = RemoteAddress.Of(context.Connection.RemoteIpAddress);
        if (!SecretMatches(secret, options.Value.CallbackSecret))
        {
            metrics.SmsReportsForged.Add();
            logger.LogWarning("SMS delivery report from {Address} refused: wrong callback secret", from);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "This is not the delivery-report address configured for SMSC.");
        }

        var (report, errors) = await ReadAsync(context.Request, ct);
        if (report is null)
        {
            metrics.SmsReportsMalformed.Add();
            logger.LogWarning("SMS delivery report from {Address} refused: {Errors}", from, string.Join("; ", errors.SelectMany(e => e.Value)));
            return Problems.Invalid(errors);
        }

        var result = await reports.ApplyAsync(report.Id, report.Kind, report.Reason, ct);
        switch (result)
        {
            case SmsReportResult.UnknownMessage:
                metrics.SmsReportsUnknown.Add();
                logger.LogWarning("SMS delivery report for unknown message {Id} (status {Status})", report.Id, report.Status);
                return Problems.NotFound("SMS message", report.Id);
            case SmsReportResult.Applied:
                metrics.SmsReportsApplied.Add();
                logger.LogInformation("SMS {Id}: {Reason}", report.Id, report.Reason);
                break;
        }

        return TypedResults.Text("OK");
    }

    private sealed record Report(string Id, int Status, SmsReportKind Kind, string Reason);

    private static async Task<(Report? Report, Dictionary<string, string[]> Errors)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!request.HasFormContentType)
        {
            errors["body"] = ["A delivery report is a form (application/x-www-form-urlencoded or multipart/form-data)."];
            return (null, errors);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            errors["body"] = [$"The form could not be read: {ex.Message}"];
            return (null, errors);
        }

        var id = Integer(form, "id", 1, SmscSmsProvider.MaxId, errors);
        var status = Integer(form, "status", int.MinValue, int.MaxValue, errors);
        var err = form.ContainsKey("err") ? Integer(form, "err", int.MinValue, int.MaxValue, errors) : 0;
        var described = status is { } code ? SmscStatus.Describe((int)code) : null;
        if (status is not null && described is null)
        {
            errors["status"] = [$"status {status} is not a status SMSC documents."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var reason = $"SMSC status {status}: {described!.Value.Name}" + (err is 0 or null ? "" : $" (operator error {err})");
        return (new Report(id!.Value.ToString(CultureInfo.InvariantCulture), (int)status!.Value, described.Value.Kind, reason), errors);
    }

    /// <summary>Exactly one value, an integer within [min, max]; otherwise an error for the field.</summary>
    private static long? Integer(IFormCollection form, string field, long min, long max, Dictionary<string, string[]> errors)
    {
        var values = form.TryGetValue(field, out var found) ? found : StringValues.Empty;
        if (values.Count == 1 && long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return value;
        }

        errors[field] = [values.Count == 0 ? $"{field} is required." : $"{field} must be one integer between {min} and {max}."];
        return null;
    }

    private static bool SecretMatches(string given, string expected) =>
        expected.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
