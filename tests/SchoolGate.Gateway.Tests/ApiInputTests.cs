using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SchoolGate.Gateway.Tests;

/// <summary>Defects an outside test found in the API's handling of input, each pinned down.</summary>
public sealed class ApiInputTests
{
    [Theory]
    [InlineData("School 7", "school 7")]
    [InlineData("Школа №7", "ШКОЛА №7")]
    [InlineData("Мектеп-гимназия № 7", "мектеп-гимназия  № 7 ")]
    public async Task RefusesASchoolWhoseNameDiffersOnlyByCaseOrSpacing(string first, string second)
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateSchoolAsync(first);

        var response = await gateway.Http.PostAsJsonAsync("/api/schools", new { name = second });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Single(await gateway.GetAsync<TestGateway.IdDto[]>("/api/schools"));
    }

    [Fact]
    public async Task ListsOfASchoolThatDoesNotExistAreNotFoundRatherThanEmpty()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();

        var unknown = await gateway.Http.GetAsync("/api/attendance?schoolId=999");
        var known = await gateway.Http.GetAsync($"/api/attendance?schoolId={s.SchoolId}");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Http.GetAsync("/api/audit?schoolId=999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Http.GetAsync("/api/students?schoolId=999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Http.GetAsync("/api/devices?schoolId=999")).StatusCode);
    }

    [Fact]
    public async Task RefusesAJsonBodyThatNamesAFieldTwice()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var body = $$"""{"schoolId":{{s.SchoolId}},"firstName":"Aruzhan","firstName":"Someone else","lastName":"N"}""";

        var response = await gateway.Http.PostAsync("/api/students", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("firstName", out _), problem.ToString());
        Assert.Single(await gateway.GetAsync<TestGateway.IdDto[]>("/api/students"));
    }
}
