using System.Net;

namespace SchoolGate.Gateway.Http;

/// <summary>How logs, login throttles, rate limits and the audit trail name a client's address.</summary>
public static class RemoteAddress
{
    /// <summary>An IPv4 client on a dual-stack socket shows up mapped to IPv6 (::ffff:a.b.c.d): it is named as IPv4.</summary>
    public static string? Of(IPAddress? address) =>
        address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
