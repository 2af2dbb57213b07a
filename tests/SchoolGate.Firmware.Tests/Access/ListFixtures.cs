using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.Access;

namespace SchoolGate.Firmware.Tests.Access;

/// <summary>Lists as the gateway publishes them, and the device's way of applying them.</summary>
internal static class ListFixtures
{
    public const int Capacity = 4_000;

    /// <summary><paramref name="count"/> distinct uppercase-hex card ids of <paramref name="uidBytes"/>-byte UIDs, as CardTapFilter makes them.</summary>
    public static string[] Cards(int count, int uidBytes = 7, int seed = 1)
    {
        var random = new Random(seed);
        var cards = new HashSet<string>(StringComparer.Ordinal);
        var uid = new byte[uidBytes];
        while (cards.Count < count)
        {
            random.NextBytes(uid);
            cards.Add(Convert.ToHexString(uid));
        }

        return [.. cards];
    }

    public static byte[] Payload(long version, IEnumerable<string> cards) =>
        ProtocolCodec.Encode(new AccessList(version, AccessLists.Normalize(cards)));

    /// <summary>Runs the sync's loop steps until the list is applied or refused; returns the steps.</summary>
    public static int Apply(OfflineListSync sync, byte[] payload)
    {
        sync.OnMessage(payload);
        var steps = 0;
        while (sync.Applying)
        {
            Assert.True(++steps < 100_000, "the list never finished applying");
            sync.Loop();
        }

        return steps;
    }

    /// <summary>
    /// Like <see cref="Apply"/> on a failing flash: runs the steps through the IOExceptions they
    /// throw (as the lane loop does) and returns how many there were.
    /// </summary>
    public static int ApplyThroughFaults(OfflineListSync sync, byte[] payload, Action? beforeStep = null, Action? onFault = null)
    {
        sync.OnMessage(payload);
        var faults = 0;
        for (var step = 0; sync.Applying; step++)
        {
            Assert.True(step < 100_000, "the list never finished applying");
            beforeStep?.Invoke();
            try
            {
                sync.Loop();
            }
            catch (IOException)
            {
                faults++;
                onFault?.Invoke();
            }
        }

        return faults;
    }

    public static string[] Entries(OfflineAccessList list)
    {
        var entry = new byte[64];
        return [.. Enumerable.Range(0, list.Count).Select(i => System.Text.Encoding.ASCII.GetString(entry, 0, list.Table.CopyEntry(i, entry)))];
    }
}
