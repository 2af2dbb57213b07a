using System.Net.Sockets;

namespace SchoolGate.TestSupport;

/// <summary>
/// Starting a server on a port from <see cref="LoopbackPorts.Next"/> can still lose a race with
/// another process between the probe and the bind; such a start is repeated on a fresh port.
/// </summary>
public static class AddressInUse
{
    private const int Attempts = 5;

    /// <summary>
    /// Builds a server for a fresh port and starts it, until the start does not fail because the
    /// port is taken; a server whose start failed is disposed before the next try.
    /// </summary>
    public static async Task<(TServer Server, int Port)> StartAsync<TServer>(Func<int, TServer> build, Func<TServer, Task> start)
        where TServer : notnull
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPorts.Next();
            var server = build(port);
            try
            {
                await start(server);
                return (server, port);
            }
            catch (Exception ex)
            {
                await DisposeAsync(server);
                if (attempt == Attempts || !IsCause(ex))
                {
                    throw;
                }
            }
        }
    }

    /// <summary>
    /// True if a socket refused to bind anywhere inside <paramref name="exception"/>: servers wrap
    /// it (Kestrel in an IOException around an AddressInUseException, hosts in AggregateExceptions).
    /// </summary>
    public static bool IsCause(Exception exception) => exception switch
    {
        SocketException socket => socket.SocketErrorCode == SocketError.AddressAlreadyInUse,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsCause),
        { InnerException: { } inner } => IsCause(inner),
        _ => false,
    };

    // A host must be disposed asynchronously: its services may only implement IAsyncDisposable.
    private static async ValueTask DisposeAsync(object server)
    {
        if (server is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            (server as IDisposable)?.Dispose();
        }
    }
}
