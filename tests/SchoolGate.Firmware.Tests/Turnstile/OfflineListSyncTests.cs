using System.Text;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.Turnstile;
using SchoolGate.Firmware.Tests.Fakes;

namespace SchoolGate.Firmware.Tests.Turnstile;

/// <summary>The lane fills its offline list from the gateway's retained access/list messages.</summary>
public class OfflineListSyncTests
{
    [Fact]
    public void ReplacesOfflineListWhenANewerListArrives()
    {
        var lane = new Lane();

        lane.SendList(1, "04A1B2", "05C3D4");
        Assert.Equal(Reasons.OfflineList, lane.TapUnanswered("04A1B2").Reason);

        // The gateway revoked 04A1B2: its next list no longer holds it.
        lane.SendList(2, "05C3D4");
        var revoked = lane.TapUnanswered("04A1B2");
        var kept = lane.TapUnanswered("05C3D4");

        Assert.Equal((PassageTypes.Refused, Reasons.NotInOfflineList, true), (revoked.Type, revoked.Reason, revoked.Offline));
        Assert.Equal((PassageTypes.Entered, Reasons.OfflineList, true), (kept.Type, kept.Reason, kept.Offline));
        Assert.Equal(2, lane.Controller.OfflineList.Version);
        Assert.Equal(1, lane.Controller.OfflineList.Count);
        Assert.Equal(2, lane.Controller.OfflineListSync.AppliedLists);
        Assert.Equal(0, lane.Controller.BadMessages);
    }

    [Fact]
    public void IgnoresAStaleList()
    {
        var lane = new Lane();
        lane.SendList(5, "05C3D4");

        // An older list, and the same version again (the broker re-delivers retained messages).
        lane.SendList(4, "04A1B2", "05C3D4");
        lane.SendList(5, "04A1B2", "05C3D4");

        Assert.Equal(Reasons.NotInOfflineList, lane.TapUnanswered("04A1B2").Reason);
        Assert.Equal(5, lane.Controller.OfflineList.Version);
        Assert.Equal(2, lane.Controller.OfflineListSync.StaleLists);
        Assert.Equal(1, lane.Controller.OfflineListSync.AppliedLists);
        Assert.Equal(0, lane.Controller.BadMessages);
    }

    [Fact]
    public void IgnoresAMalformedList()
    {
        var lane = new Lane(new TurnstileConfig { DeviceId = "ts-01", OfflineListCapacity = 3 });
        lane.SendList(1, "04A1B2");
        byte[][] bad =
        [
            Encoding.UTF8.GetBytes("{\"version\":9,\"cards\":[\"05C3D4\""),
            Encoding.UTF8.GetBytes("{\"version\":9,\"cards\":[\"05C3D4\",\"bad id\"]}"),
            Encoding.UTF8.GetBytes("{\"version\":9}"),
            [0xFF, 0x00],
            [],
            null!,
            // Over the lane's capacity of 3: rejected whole, never cut to 3.
            ProtocolCodec.Encode(new AccessList(9, ["a", "b", "c", "05C3D4"])),
        ];

        foreach (var payload in bad)
        {
            lane.SendListPayload(payload);
        }

        Assert.Equal(bad.Length, lane.Controller.OfflineListSync.RejectedLists);
        Assert.Equal(bad.Length, lane.Controller.BadMessages);
        Assert.Equal(1, lane.Controller.OfflineList.Version);
        Assert.Equal(Reasons.OfflineList, lane.TapUnanswered("04A1B2").Reason);
        Assert.Equal(Reasons.NotInOfflineList, lane.TapUnanswered("05C3D4").Reason);

        // A well-formed newer list is still taken afterwards.
        lane.SendList(10, "05C3D4");
        Assert.Equal(Reasons.OfflineList, lane.TapUnanswered("05C3D4").Reason);
    }

    [Fact]
    public void KeepsTheListAcrossReboot()
    {
        var lane = new Lane();
        lane.SendList(3, "04A1B2", "05C3D4");

        var rebooted = lane.Reboot();
        rebooted.SendList(2, "99FFFF");

        Assert.Equal(3, rebooted.Controller.OfflineList.Version);
        Assert.Equal(2, rebooted.Controller.OfflineList.Count);
        Assert.Equal(1, rebooted.Controller.OfflineListSync.StaleLists);
        Assert.Equal(Reasons.OfflineList, rebooted.TapUnanswered("05C3D4").Reason);
        Assert.Equal(Reasons.NotInOfflineList, rebooted.TapUnanswered("99FFFF").Reason);
    }

    [Fact]
    public void AnEmptyNewerListRefusesEveryoneOffline()
    {
        var lane = new Lane();
        lane.SendList(1, "04A1B2");

        lane.SendList(2);

        Assert.Equal(0, lane.Controller.OfflineList.Count);
        Assert.Equal(Reasons.NotInOfflineList, lane.TapUnanswered("04A1B2").Reason);
        Assert.Equal(2, lane.Reboot().Controller.OfflineList.Version);
    }
}
