using System.Globalization;
using System.Text;

namespace SchoolGate.Gateway.Tests.Accounts;

/// <summary>
/// Runs a table of requests as each role and as nobody: the status each role should get, and
/// 401 without credentials. A "{n}" in a body becomes a number unique to each request (names
/// that must not repeat).
/// </summary>
public static class RoleMatrix
{
    /// <summary>Expected status for: region-admin, school-admin, security-officer, canteen-operator (the roles in that order).</summary>
    public sealed record Case(string Method, string Path, string? Body, int Region, int SchoolAdmin, int Security, int Canteen);

    /// <summary>The test gateway's region admin, and a school admin, a security officer and a canteen operator of <paramref name="schoolId"/>.</summary>
    public static async Task<(string Name, HttpClient Client)[]> RolesAsync(TestGateway gateway, long schoolId) =>
    [
        ("region-admin", gateway.Http),
        ("school-admin", await gateway.ClientForAsync("school-admin", schoolId)),
        ("security-officer", await gateway.ClientForAsync("security-officer", schoolId)),
        ("canteen-operator", await gateway.ClientForAsync("canteen-operator", schoolId)),
    ];

    /// <returns>What did not answer as expected, one line each.</returns>
    public static async Task<List<string>> RunAsync(IReadOnlyList<(string Name, HttpClient Client)> roles, HttpClient anonymous, IEnumerable<Case> cases)
    {
        var wrong = new List<string>();
        var n = 0;
        foreach (var c in cases)
        {
            var expected = new[] { c.Region, c.SchoolAdmin, c.Security, c.Canteen };
            for (var i = 0; i < roles.Count; i++)
            {
                var status = await SendAsync(roles[i].Client, c, ++n);
                if (status != expected[i])
                {
                    wrong.Add($"{roles[i].Name} {c.Method} {c.Path}: {status}, expected {expected[i]}");
                }
            }

            var unauthenticated = await SendAsync(anonymous, c, ++n);
            if (unauthenticated != 401)
            {
                wrong.Add($"anonymous {c.Method} {c.Path}: {unauthenticated}, expected 401");
            }
        }

        return wrong;
    }

    private static async Task<int> SendAsync(HttpClient client, Case c, int n)
    {
        using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path);
        if (c.Body is not null)
        {
            request.Content = new StringContent(c.Body.Replace("{n}", n.ToString(CultureInfo.InvariantCulture)), Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        return (int)response.StatusCode;
    }
}
