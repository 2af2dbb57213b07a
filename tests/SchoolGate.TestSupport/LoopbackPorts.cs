using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SchoolGate.TestSupport;

/// <summary>
/// Loopback TCP ports for test servers. Prefer <see cref="OsAssigned"/> wherever the server can
/// say which port it got: Kestrel can (<c>--urls=http://127.0.0.1:0</c>, then
/// <see cref="BoundPort"/> of <c>app.Urls</c>). MQTTnet's server binds port 0 as well but keeps
/// its listeners internal and never reports the port, so MQTT brokers, and anything that must
/// come back on the same port (a gateway restarted under its lanes), take a port from
/// <see cref="Next"/> and, where they can start over on another port, bind it through
/// <see cref="AddressInUse.StartAsync{TServer}"/>.
/// </summary>
public static class LoopbackPorts
{
    /// <summary>Asks the operating system for a free port at bind time.</summary>
    public const int OsAssigned = 0;

    private const int MaxProbes = 1000;

    private static readonly ConcurrentDictionary<int, bool> HandedOut = new();

    /// <summary>
    /// A port that was free on loopback a moment ago and that this process has never handed out
    /// before, so two tests running in parallel never get the same one. Another process may
    /// still take it before the server binds it: see <see cref="AddressInUse"/>.
    /// </summary>
    public static int Next()
    {
        for (var probe = 0; probe < MaxProbes; probe++)
        {
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, OsAssigned))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            // The operating system may offer a released port again; only its first offer is ours.
            if (HandedOut.TryAdd(port, true))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No loopback port this process has not used yet after {MaxProbes} tries.");
    }

    /// <summary>
    /// The port of the one address a server bound, from what it reports (a started
    /// WebApplication's <c>Urls</c>). <see cref="Next"/> never hands it out afterwards, so a
    /// server that stops and binds it again (a restart) does not race this process's other tests.
    /// </summary>
    public static int BoundPort(IEnumerable<string> addresses)
    {
        var bound = addresses.ToArray();
        if (bound.Length != 1)
        {
            throw new InvalidOperationException($"Expected one bound address, got {bound.Length}: {string.Join(", ", bound)}");
        }

        var port = new Uri(bound[0]).Port;
        if (port == OsAssigned)
        {
            throw new InvalidOperationException($"{bound[0]} has not been bound yet");
        }

        HandedOut.TryAdd(port, true);
        return port;
    }
}
