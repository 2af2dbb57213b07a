using System.Net;
using Microsoft.Extensions.Options;

namespace SchoolGate.Gateway.Mqtt;

/// <summary>
/// Checks the listener settings when the gateway starts (ValidateOnStart), so a TLS port without a
/// certificate or a bind address that is no address stops the start with a message naming the key,
/// instead of a broker that silently listens somewhere else or not at all.
/// </summary>
public sealed class MqttOptionsValidator : IValidateOptions<MqttOptions>
{
    private const string Tls = MqttOptions.Section + ":Tls:";

    public ValidateOptionsResult Validate(string? name, MqttOptions options)
    {
        var errors = new List<string>();
        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            errors.Add($"{MqttOptions.Section}:{nameof(MqttOptions.BindAddress)} must be an IP address (127.0.0.1, 0.0.0.0 for every IPv4 "
                + $"interface, ::1, ::), not '{options.BindAddress}'.");
        }

        CheckPort(errors, $"{MqttOptions.Section}:{nameof(MqttOptions.Port)}", options.Port);
        CheckPort(errors, Tls + nameof(MqttTlsOptions.Port), options.Tls.Port);
        if (options.Port == 0 && !options.Tls.Enabled)
        {
            errors.Add($"{MqttOptions.Section}:{nameof(MqttOptions.Port)} is 0 and {Tls}{nameof(MqttTlsOptions.Port)} is not set: devices could not connect at all.");
        }

        if (options.Port > 0 && options.Port == options.Tls.Port)
        {
            errors.Add($"{MqttOptions.Section}:{nameof(MqttOptions.Port)} and {Tls}{nameof(MqttTlsOptions.Port)} must differ.");
        }

        if (options.Tls.Enabled)
        {
            CheckCertificate(errors, options.Tls);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckPort(List<string> errors, string key, int port)
    {
        if (port is < 0 or > 65535)
        {
            errors.Add($"{key} must be a TCP port (1-65535), or 0 for none; got {port}.");
        }
    }

    private static void CheckCertificate(List<string> errors, MqttTlsOptions tls)
    {
        var pfx = !string.IsNullOrWhiteSpace(tls.PfxPath);
        var pem = !string.IsNullOrWhiteSpace(tls.CertPath) || !string.IsNullOrWhiteSpace(tls.KeyPath);
        if (!pfx && !pem)
        {
            errors.Add($"{Tls}{nameof(MqttTlsOptions.Port)} is set but there is no certificate: set {Tls}{nameof(MqttTlsOptions.PfxPath)} "
                + $"(and {Tls}{nameof(MqttTlsOptions.PfxPassword)}), or {Tls}{nameof(MqttTlsOptions.CertPath)} and {Tls}{nameof(MqttTlsOptions.KeyPath)}.");
            return;
        }

        if (pfx && pem)
        {
            errors.Add($"Set either {Tls}{nameof(MqttTlsOptions.PfxPath)} or {Tls}{nameof(MqttTlsOptions.CertPath)} and "
                + $"{Tls}{nameof(MqttTlsOptions.KeyPath)}, not both: which certificate is meant?");
            return;
        }

        if (pfx)
        {
            CheckFile(errors, Tls + nameof(MqttTlsOptions.PfxPath), tls.PfxPath);
            return;
        }

        if (string.IsNullOrWhiteSpace(tls.CertPath) || string.IsNullOrWhiteSpace(tls.KeyPath))
        {
            errors.Add($"{Tls}{nameof(MqttTlsOptions.CertPath)} and {Tls}{nameof(MqttTlsOptions.KeyPath)} go together (a PEM certificate and its private key).");
            return;
        }

        CheckFile(errors, Tls + nameof(MqttTlsOptions.CertPath), tls.CertPath);
        CheckFile(errors, Tls + nameof(MqttTlsOptions.KeyPath), tls.KeyPath);
    }

    private static void CheckFile(List<string> errors, string key, string? path)
    {
        if (!File.Exists(path))
        {
            errors.Add($"{key}: file '{path}' does not exist (relative paths start at {Environment.CurrentDirectory}).");
        }
    }
}
