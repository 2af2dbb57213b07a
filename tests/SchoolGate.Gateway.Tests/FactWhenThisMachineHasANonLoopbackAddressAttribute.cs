using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace SchoolGate.Gateway.Tests;

/// <summary>
/// Skips (at discovery, with a reason) a test that needs an address of this machine other than
/// loopback, e.g. to prove a loopback-only listener does not answer there.
/// </summary>
public sealed class FactWhenThisMachineHasANonLoopbackAddressAttribute : FactAttribute
{
    public FactWhenThisMachineHasANonLoopbackAddressAttribute()
    {
        if (NonLoopbackAddress() is null)
        {
            Skip = "this machine has no IPv4 address besides loopback";
        }
    }

    /// <summary>An IPv4 address of an interface that is up and not loopback, or null.</summary>
    public static IPAddress? NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
