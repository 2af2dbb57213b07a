using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Tests;

/// <summary>
/// Where the embedded broker listens (Mqtt:BindAddress, loopback unless told otherwise) and MQTT
/// over TLS (Mqtt:Tls), checked with real MQTTnet clients and a certificate made for each test.
/// </summary>
public sealed class MqttTransportTests : IDisposable
{
    // Certificate files of this test (xunit makes one instance per test).
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "schoolgate-tls-" + Guid.NewGuid().ToString("N"));

    public MqttTransportTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("pfx")]
    [InlineData("pem")]
    public async Task ADeviceConnectsOverTlsAuthenticatesAndGetsAnAccessDecision(string format)
    {
        using var certificate = SelfSignedCertificate();
        var tlsPort = TestGateway.FreePort();
        await using var gateway = await TestGateway.StartAsync(configure: b => UseTls(b, certificate, format, tlsPort));
        var s = await gateway.SeedAsync();

        using var client = new MqttClientFactory().CreateMqttClient();
        var connected = await client.ConnectAsync(TlsClientOptions(tlsPort, s.DeviceId, s.Secret, certificate.Thumbprint));
        var decision = await RequestAccessAsync(client, s.DeviceId, s.CardId);

        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        Assert.True(decision.Allow);
        Assert.Equal(Reasons.Ok, decision.Reason);
    }

    [Fact]
    public async Task TheTlsPortRefusesAPlaintextClientAndStillServesTlsClients()
    {
        using var certificate = SelfSignedCertificate();
        var tlsPort = TestGateway.FreePort();
        await using var gateway = await TestGateway.StartAsync(configure: b => UseTls(b, certificate, "pfx", tlsPort));
        var s = await gateway.SeedAsync();

        using var plain = new MqttClientFactory().CreateMqttClient();
        var plainOptions = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", tlsPort)
            .WithClientId(s.DeviceId)
            .WithCredentials(s.DeviceId, s.Secret)
            .WithTimeout(TimeSpan.FromSeconds(3))
            .Build();
        await Assert.ThrowsAnyAsync<Exception>(() => plain.ConnectAsync(plainOptions));

        Assert.False(plain.IsConnected);
        using var tls = new MqttClientFactory().CreateMqttClient();
        await tls.ConnectAsync(TlsClientOptions(tlsPort, s.DeviceId, s.Secret, certificate.Thumbprint));
        Assert.True((await RequestAccessAsync(tls, s.DeviceId, s.CardId)).Allow);
    }

    [Fact]
    public async Task ATlsClientThatDoesNotTrustTheCertificateDoesNotConnect()
    {
        using var certificate = SelfSignedCertificate();
        using var impostor = SelfSignedCertificate();
        var tlsPort = TestGateway.FreePort();
        await using var gateway = await TestGateway.StartAsync(configure: b => UseTls(b, certificate, "pfx", tlsPort));
        var s = await gateway.SeedAsync();

        using var client = new MqttClientFactory().CreateMqttClient();
        await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(TlsClientOptions(tlsPort, s.DeviceId, s.Secret, impostor.Thumbprint)));

        Assert.False(client.IsConnected);
        Assert.Equal(0, (await gateway.MetricsAsync())["connectionsAccepted"]);
        using var trusting = new MqttClientFactory().CreateMqttClient();
        await trusting.ConnectAsync(TlsClientOptions(tlsPort, s.DeviceId, s.Secret, certificate.Thumbprint));
        Assert.True(trusting.IsConnected);
    }

    [Fact]
    public async Task PortZeroLeavesOnlyTheTlsListener()
    {
        using var certificate = SelfSignedCertificate();
        var tlsPort = TestGateway.FreePort();
        await using var gateway = await TestGateway.StartAsync(configure: b =>
        {
            UseTls(b, certificate, "pfx", tlsPort);
            b.Configuration["Mqtt:Port"] = "0";
        });
        var s = await gateway.SeedAsync();

        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(TlsClientOptions(tlsPort, s.DeviceId, s.Secret, certificate.Thumbprint));

        Assert.True(client.IsConnected);
        Assert.False(await AcceptsTcpAsync(IPAddress.Loopback, gateway.MqttPort));
        Assert.Equal("healthy", (await gateway.GetAsync<HealthDto>("/health")).Status);
    }

    [FactWhenThisMachineHasANonLoopbackAddress]
    public async Task ListensOnlyOnTheBindAddressWhichIsLoopbackByDefault()
    {
        using var certificate = SelfSignedCertificate();
        var tlsPort = TestGateway.FreePort();
        await using var gateway = await TestGateway.StartAsync(configure: b => UseTls(b, certificate, "pfx", tlsPort));
        var other = FactWhenThisMachineHasANonLoopbackAddressAttribute.NonLoopbackAddress()!;

        Assert.True(await AcceptsTcpAsync(IPAddress.Loopback, gateway.MqttPort));
        Assert.True(await AcceptsTcpAsync(IPAddress.Loopback, tlsPort));
        Assert.False(await AcceptsTcpAsync(other, gateway.MqttPort), $"plaintext MQTT answered on {other}");
        Assert.False(await AcceptsTcpAsync(other, tlsPort), $"MQTT over TLS answered on {other}");
        Assert.False(await AcceptsTcpAsync(IPAddress.IPv6Loopback, gateway.MqttPort), "plaintext MQTT answered on ::1");
    }

    [Fact]
    public async Task WarnsWhenPlaintextMqttListensBeyondLoopback()
    {
        var log = new TestLog();
        await using var gateway = await TestGateway.StartAsync(configure: b =>
        {
            b.Configuration["Mqtt:BindAddress"] = "0.0.0.0";
            b.Logging.AddProvider(log);
        });
        var s = await gateway.SeedAsync();

        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        Assert.True((await device.RequestAccessAsync(s.CardId)).Allow);
        if (FactWhenThisMachineHasANonLoopbackAddressAttribute.NonLoopbackAddress() is { } other)
        {
            Assert.True(await AcceptsTcpAsync(other, gateway.MqttPort), $"0.0.0.0 should listen on {other} too");
        }

        var warning = Assert.Single(log.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("plaintext"));
        Assert.Contains($"0.0.0.0:{gateway.MqttPort}", warning.Text);
        Assert.Contains("Mqtt:Tls:Port", warning.Text);
    }

    [Fact]
    public async Task DoesNotWarnAboutALoopbackOnlyListener()
    {
        var log = new TestLog();
        await using var gateway = await TestGateway.StartAsync(configure: b => b.Logging.AddProvider(log));

        Assert.DoesNotContain(log.Lines, l => l.Text.Contains("plaintext"));
    }

    [Theory]
    [InlineData("no certificate", "Mqtt:Tls:PfxPath", "--Mqtt:Tls:Port=8883")]
    [InlineData("both kinds", "not both", "--Mqtt:Tls:Port=8883", "--Mqtt:Tls:PfxPath=a.pfx", "--Mqtt:Tls:CertPath=a.pem", "--Mqtt:Tls:KeyPath=a.key")]
    [InlineData("a certificate without its key", "go together", "--Mqtt:Tls:Port=8883", "--Mqtt:Tls:CertPath=a.pem")]
    [InlineData("a missing file", "does not exist", "--Mqtt:Tls:Port=8883", "--Mqtt:Tls:PfxPath=/nonexistent/gateway.pfx")]
    [InlineData("a host name as bind address", "Mqtt:BindAddress", "--Mqtt:BindAddress=localhost")]
    [InlineData("no listener at all", "devices could not connect", "--Mqtt:Port=0")]
    [InlineData("one port for both", "must differ", "--Mqtt:Port=8883", "--Mqtt:Tls:Port=8883", "--Mqtt:Tls:PfxPath=/nonexistent/gateway.pfx")]
    [InlineData("a port out of range", "Mqtt:Tls:Port", "--Mqtt:Tls:Port=70000")]
    public async Task RefusesToStartWithAnUnusableListenerSetting(string what, string expected, params string[] settings)
    {
        var error = await TestGateway.RefusedStartAsync(settings);

        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{what}: {error.Message}");
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=schoolgate-test-gateway", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }

    private void UseTls(WebApplicationBuilder builder, X509Certificate2 certificate, string format, int port)
    {
        var folder = _folder;
        builder.Configuration["Mqtt:Tls:Port"] = port.ToString();
        if (format == "pfx")
        {
            var path = Path.Combine(folder, "gateway.pfx");
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, "test-password"));
            builder.Configuration["Mqtt:Tls:PfxPath"] = path;
            builder.Configuration["Mqtt:Tls:PfxPassword"] = "test-password";
        }
        else
        {
            var certPath = Path.Combine(folder, "gateway.crt");
            var keyPath = Path.Combine(folder, "gateway.key");
            File.WriteAllText(certPath, certificate.ExportCertificatePem());
            File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            builder.Configuration["Mqtt:Tls:CertPath"] = certPath;
            builder.Configuration["Mqtt:Tls:KeyPath"] = keyPath;
        }
    }

    /// <summary>What a device does: trusts exactly the gateway's certificate (pinned by thumbprint), not a CA.</summary>
    private static MqttClientOptions TlsClientOptions(int port, string deviceId, string secret, string trustedThumbprint) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(deviceId)
            .WithCredentials(deviceId, secret)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .WithTlsOptions(tls => tls
                .UseTls()
                .WithCertificateValidationHandler(args =>
                    args.Certificate is { } presented
                    && string.Equals(presented.GetCertHashString(), trustedThumbprint, StringComparison.OrdinalIgnoreCase)))
            .Build();

    private static async Task<AccessDecision> RequestAccessAsync(IMqttClient client, string deviceId, string cardId)
    {
        var decisions = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += args =>
        {
            if (args.ApplicationMessage.Topic == Topics.ForDevice(deviceId, Topics.AccessDecision))
            {
                decisions.TrySetResult(args.ApplicationMessage.Payload.ToArray());
            }

            return Task.CompletedTask;
        };
        await client.SubscribeAsync(Topics.ForDevice(deviceId, Topics.AccessDecision), MqttQualityOfServiceLevel.AtLeastOnce);
        await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(Topics.ForDevice(deviceId, Topics.AccessRequest))
            .WithPayload(ProtocolCodec.Encode(new AccessRequest(deviceId, 1, cardId, Directions.In, 0)))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        var payload = await decisions.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(ProtocolCodec.TryDecode(payload, ProtocolJsonContext.Default.AccessDecision, out var decision, out var error), error);
        return decision;
    }

    private static async Task<bool> AcceptsTcpAsync(IPAddress address, int port)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            // Inside the try: a machine without IPv6 cannot even create the socket, which also means "no".
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(address, port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private sealed record HealthDto(string Status, string Mqtt, string Store);
}
