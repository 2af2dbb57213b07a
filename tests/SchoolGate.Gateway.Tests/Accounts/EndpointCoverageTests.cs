using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace SchoolGate.Gateway.Tests.Accounts;

/// <summary>
/// Walks every endpoint the app maps (so a new one cannot be forgotten) and calls it without
/// credentials: only the health probe and signing in (and out) may answer anything but a 401 with
/// problem details.
/// </summary>
public sealed partial class EndpointCoverageTests
{
    private static readonly HashSet<string> Open = ["GET /health", "POST /api/auth/login", "POST /api/auth/session", "POST /api/auth/logout"];

    [Fact]
    public async Task NoMappedEndpointIsReachableWithoutSigningInButHealthAndSignIn()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        var endpoints = gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Endpoint: e)))
            .ToList();

        var wrong = new List<string>();
        foreach (var (method, endpoint) in endpoints)
        {
            var template = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var key = $"{method} {template}";
            var declaresPolicy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any();
            var allowsAnonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(template));
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            using var response = await anonymous.SendAsync(request);
            if (Open.Contains(key))
            {
                if (!allowsAnonymous && key != "GET /health")
                {
                    wrong.Add($"{key}: meant to be open but not marked AllowAnonymous");
                }

                continue;
            }

            if (!declaresPolicy || allowsAnonymous)
            {
                wrong.Add($"{key}: declares no authorization policy");
            }

            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                wrong.Add($"{key}: answered {(int)response.StatusCode} without credentials");
            }
            else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                wrong.Add($"{key}: a 401 without problem details ({response.Content.Headers.ContentType})");
            }
        }

        Assert.True(endpoints.Count > 40, $"only {endpoints.Count} endpoints found");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    // Route parameters get plausible values, so the request reaches authorization, not a 404 from routing.
    private static string Concrete(string template) =>
        Parameter().Replace(template, m => m.Groups["name"].Value switch
        {
            "documentName" => "v1",
            var name when name.EndsWith("Id", StringComparison.Ordinal) && m.Value.Contains(":long") => "1",
            "id" => "1",
            _ => "x",
        });

    [GeneratedRegex(@"\{(?<name>\w+)(:[^}]*)?\}")]
    private static partial Regex Parameter();
}
