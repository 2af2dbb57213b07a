using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SchoolGate.Gateway.Http;

/// <summary>
/// The validation of request bodies (AddValidation) names errors by C# property ("SchoolId");
/// the API's JSON is camelCase, so problems name the field as the caller wrote it ("schoolId").
/// </summary>
public static class ValidationProblemNames
{
    public static void CamelCase(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is HttpValidationProblemDetails validation && validation.Errors.Keys.Any(k => k.Length > 0 && char.IsUpper(k[0])))
        {
            var renamed = validation.Errors.ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => e.Value);
            validation.Errors.Clear();
            foreach (var (key, messages) in renamed)
            {
                validation.Errors[key] = messages;
            }
        }
    }
}
