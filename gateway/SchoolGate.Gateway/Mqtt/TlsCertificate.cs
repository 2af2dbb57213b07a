using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SchoolGate.Gateway.Mqtt;

/// <summary>Loads the TLS listener's certificate as <see cref="MqttTlsOptions"/> names it (already validated).</summary>
public static class TlsCertificate
{
    /// <exception cref="InvalidOperationException">The file cannot be read as a certificate with its private key.</exception>
    public static X509Certificate2 Load(MqttTlsOptions tls)
    {
        var source = tls.PfxPath ?? tls.CertPath;
        X509Certificate2 certificate;
        try
        {
            if (!string.IsNullOrWhiteSpace(tls.PfxPath))
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(tls.PfxPath, tls.PfxPassword);
            }
            else
            {
                // A PEM key is attached as an ephemeral key, which SslStream cannot use on Windows;
                // a PKCS#12 round trip gives a key every platform's TLS stack accepts.
                using var pem = X509Certificate2.CreateFromPemFile(tls.CertPath!, tls.KeyPath);
                certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            }
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOperationException($"{MqttOptions.Section}:Tls: cannot load the certificate from '{source}': {ex.Message}", ex);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"{MqttOptions.Section}:Tls: the certificate in '{source}' has no private key.");
        }

        return certificate;
    }
}
