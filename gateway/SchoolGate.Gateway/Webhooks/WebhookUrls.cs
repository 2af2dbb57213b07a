using System.Net;

namespace SchoolGate.Gateway.Webhooks;

/// <summary>
/// Where deliveries may go. Only https: a delivery names a child and when they passed the
/// turnstile, and the signature proves who sent it but hides nothing, so it must be encrypted on
/// the way. The one exception is loopback (127.0.0.0/8, ::1, localhost): such a request never
/// leaves the gateway's machine, which is where an integrator's local relay or a test receiver
/// listens. No credentials in the address (they would sit in logs and the audit trail).
/// </summary>
public static class WebhookUrls
{
    public const int MaxLength = 2000;

    public const string Rule = "url must be an absolute https address (http only to loopback: 127.0.0.1, ::1, localhost), without user:password.";

    public static bool IsAllowed(string? url)
    {
        if (url is null || url.Length > MaxLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0
            || uri.Fragment.Length > 0)
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri));
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
