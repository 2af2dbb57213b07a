using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SchoolGate.Gateway.Accounts;

namespace SchoolGate.Gateway.Http;

/// <summary>
/// Makes the OpenAPI document say what the API does: the three ways to sign in, which operations
/// need them, and the problem answers every operation can give (401 without credentials, 403
/// outside the role, 404 for an id in the path, 400/413 for a body, 429 when rate limited).
/// </summary>
public static class OpenApiConventions
{
    public const string Bearer = "bearer";
    public const string ApiKey = "apiKey";
    public const string Session = "session";

    public static void Apply(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "SchoolGate gateway";
            document.Info.Description = "Staff API of the SchoolGate gateway. Every /api operation needs a staff account: "
                + "a bearer token (POST /api/auth/login), an API key (X-Api-Key) or the dashboard's session cookie.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
            {
                [Bearer] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "Token from POST /api/auth/login (Auth:TokenMinutes, 15 by default).",
                },
                [ApiKey] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = ApiKeyAuthenticationHandler.Header,
                    Description = "A staff API key (sgk_...) from POST /api/auth/keys; also accepted as Authorization: Bearer sgk_...",
                },
                [Session] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Cookie,
                    Name = AccountsExtensions.SessionCookie,
                    Description = "The dashboard's session from POST /api/auth/session (HttpOnly, SameSite=Strict).",
                },
            };
            // /health is served by the HealthChecks middleware, which API descriptions do not see.
            document.Paths ??= new OpenApiPaths();
            document.Paths["/health"] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Get] = new()
                    {
                        Summary = "Store and broker: 200 healthy, 503 unhealthy",
                        Tags = new HashSet<OpenApiTagReference> { new("Diagnostics", document) },
                        Security = [],
                        Responses = new OpenApiResponses
                        {
                            ["200"] = new OpenApiResponse { Description = "{\"status\":\"healthy\",\"mqtt\":\"listening\",\"store\":\"ok\"}" },
                            ["503"] = new OpenApiResponse { Description = "status unhealthy; mqtt stopped and/or store unavailable" },
                        },
                    },
                },
            };
            return Task.CompletedTask;
        });

        // A request record's schema lists as required what is [Required] on it, not every
        // constructor parameter (schoolId, direction, name... are optional to the caller).
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var properties = context.JsonTypeInfo.Properties;
            if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object
                && properties.Any(p => p.AttributeProvider?.IsDefined(typeof(ValidationAttribute), true) == true))
            {
                schema.Required = properties.Where(p => p.AttributeProvider?.IsDefined(typeof(RequiredAttribute), true) == true)
                    .Select(p => p.Name).ToHashSet();
            }

            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var method = context.Description.HttpMethod ?? "GET";
            operation.Responses ??= new OpenApiResponses();
            if (metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security = [];
            }
            else
            {
                operation.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey, context.Document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Session, context.Document)] = [] },
                ];
                Problem(operation, "401", "No, expired or unknown credentials.");
                var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null && p != StaffPolicies.Staff);
                if (policies.Any())
                {
                    Problem(operation, "403", $"The account's role is not allowed here ({string.Join(", ", policies.Distinct())}).");
                }

                Problem(operation, "429", "Too many requests from this account or address; see Retry-After.");
            }

            if (context.Description.ParameterDescriptions.Any(p => p.Source.Id == "Path"))
            {
                Problem(operation, "404", "No such record, or one of another school (the same answer, so ids do not leak).");
            }

            if (method is "POST" or "PUT" or "PATCH" && operation.RequestBody is not null)
            {
                Problem(operation, "400", "The body or a query value is invalid; errors name each field.");
                Problem(operation, "413", "The request body is larger than Api:MaxRequestBodyBytes.");
            }

            return Task.CompletedTask;
        });
    }

    // A code the endpoint's own metadata already declares (with its schema) is left as it is.
    private static void Problem(OpenApiOperation operation, string code, string description)
    {
        if (!operation.Responses!.ContainsKey(code))
        {
            operation.Responses[code] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() },
            };
        }
    }
}
