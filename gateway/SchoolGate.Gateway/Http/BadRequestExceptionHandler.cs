using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace SchoolGate.Gateway.Http;

/// <summary>
/// Turns request-binding failures (unreadable JSON, a string where a number belongs, a bad query
/// value) into a validation problem that names the offending field, instead of a bare 400.
/// Needs RouteHandlerOptions.ThrowOnBadRequest so minimal APIs throw rather than swallow them.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            context.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Title = "Request body too large",
                    Detail = "The body is larger than Api:MaxRequestBodyBytes allows.",
                },
                Exception = exception,
            });
        }

        var (field, message) = bad.InnerException is JsonException json
            ? FieldName(json.Path) is var name && name == "body"
                ? (name, "The request body is not valid JSON.")
                : json.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase)
                    ? (name, $"{name} is given more than once.")
                    : (name, $"{name} has a value of the wrong type or format.")
            : ParameterName(bad.Message) is { } parameter && parameter != "body"
                ? (parameter, $"{parameter} has a value of the wrong type or format.")
                : ("body", "A JSON request body is required.");
        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = bad.StatusCode,
            },
            Exception = exception,
        });
    }

    // 'Failed to bind parameter "Nullable<int> limit" from "abc".' -> "limit"
    private static string? ParameterName(string message) =>
        Regex.Match(message, "parameter \"(?:[^\"]* )?(?<name>\\w+)\"") is { Success: true } m ? m.Groups["name"].Value : null;

    // "$.schoolId" -> "schoolId"; "$" (the whole body) -> "body".
    private static string FieldName(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');
}
