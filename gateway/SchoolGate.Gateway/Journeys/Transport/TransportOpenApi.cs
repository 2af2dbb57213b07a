using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SchoolGate.Gateway.Journeys.Transport;

/// <summary>
/// The OpenAPI document's word on the tap intake: it is signed with a transport operator's key
/// (a scheme of its own), not a staff account, and has no role to be refused for. Runs after
/// <see cref="Http.OpenApiConventions"/>, which describes every other operation.
/// </summary>
public static class TransportOpenApi
{
    public const string Scheme = "transportKey";

    public static void Apply(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = Accounts.ApiKeyAuthenticationHandler.Header,
                Description = "A transport operator's key (sgt_...) from POST /api/transport/operators/{id}/keys; also as Authorization: Bearer sgt_...",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var policies = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy);
            if (policies.Contains(TransportKeyAuthentication.Policy))
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] }];
                operation.Responses?.Remove("403");
                if (operation.Responses?.TryGetValue("401", out var unauthorized) == true && unauthorized is OpenApiResponse response)
                {
                    response.Description = "No, unknown or revoked operator key.";
                }
            }

            return Task.CompletedTask;
        });
    }
}
