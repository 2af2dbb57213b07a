using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SchoolGate.Gateway.Tests.Webhooks;

/// <summary>What the receiver was sent, and whether its signature held for the secret it knew then.</summary>
public sealed record ReceivedWebhook(string Body, string? Signature, long Timestamp, string? DeliveryId, string? Event, bool SignatureValid);

/// <summary>
/// An integrator's endpoint on loopback: verifies each delivery's signature as the README tells a
/// receiver to (its own HMAC-SHA256 over timestamp + "." + body, compared in constant time) and
/// answers with <see cref="Answer"/>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/schoolgate", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.Url = app.Urls.Single().TrimEnd('/') + "/hooks/schoolgate";
        return receiver;
    }

    public string Url { get; private set; } = "";

    /// <summary>The signing secret the integrator was shown.</summary>
    public string? Secret { get; set; }

    public HttpStatusCode Answer { get; set; } = HttpStatusCode.OK;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public static bool Verify(string secret, string timestamp, string body, string? signature)
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
        return signature is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers;
        var timestamp = headers["X-SchoolGate-Timestamp"].ToString();
        var signature = headers["X-SchoolGate-Signature"].FirstOrDefault();
        _received.Enqueue(new ReceivedWebhook(body, signature, long.TryParse(timestamp, out var ts) ? ts : -1, headers["X-SchoolGate-Delivery"],
            headers["X-SchoolGate-Event"], Secret is not null && Verify(Secret, timestamp, body, signature)));
        context.Response.StatusCode = (int)Answer;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
