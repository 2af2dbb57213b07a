using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Http;

namespace SchoolGate.Gateway.Journeys.Transport;

/// <param name="Taps">Each row is read on its own (see <see cref="OperatorTaps"/>), so it stays raw JSON here.</param>
public sealed record TapBatch(List<JsonElement>? Taps);

public static class TransportIntakeApi
{
    /// <summary>A full batch of 1,000 taps is about 200 KB, above the API's usual body limit.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// POST /api/integrations/transport/taps, outside the staff API group: it is signed with an
    /// operator's key (its own scheme and policy), not a staff account.
    /// </summary>
    public static IEndpointRouteBuilder MapTransportIntake(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/integrations/transport").WithTags("Transport operators")
            .RequireAuthorization(TransportKeyAuthentication.Policy)
            .RequireRateLimiting(ApiRateLimits.Api)
            .MapPost("/taps", HandInAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .WithSummary("Hand in a batch of bus taps (operator API key); each row is answered: stored, duplicate, unknown_card or invalid");
        return app;
    }

    private static async Task<Results<Ok<TapBatchResult>, ValidationProblem>> HandInAsync(TapBatch body, HttpContext context, TapIntake intake,
        IOptions<JourneyOptions> options, CancellationToken ct)
    {
        var max = options.Value.MaxTapsPerBatch;
        if (body.Taps is not { Count: > 0 } taps || taps.Count > max)
        {
            return Problems.Invalid("taps", $"taps must be an array of 1-{max} taps.");
        }

        var operatorId = TransportKeyAuthentication.OperatorIdOf(context.User);
        return TypedResults.Ok(await intake.HandInAsync(operatorId, taps, ct));
    }
}
