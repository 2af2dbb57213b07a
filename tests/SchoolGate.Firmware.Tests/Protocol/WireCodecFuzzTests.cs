using System.Text;
using SchoolGate.DeviceSdk.Protocol;
using Fw = SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Tests.Protocol;

/// <summary>
/// Deterministic fuzzing (fixed seeds) of the core's gateway-message decoders against
/// System.Text.Json. The core may be stricter than ProtocolCodec (it refuses a repeated unknown
/// member, which ProtocolCodec skips, while both refuse a repeated field of the message; nesting
/// deeper than 16, invalid UTF-8 and lone surrogates anywhere; and, for access lists, null or
/// invalid card ids and lists over capacity), but never more permissive: a payload the
/// core accepts must decode with ProtocolCodec to the same values, or a device could act on a
/// message the gateway never meant (a duplicate "allow", "allow":"true", a truncated number).
/// </summary>
public class WireCodecFuzzTests
{
    private const int CasesPerSeed = 1000;
    private const int Capacity = 4000;

    private static readonly int[] Seeds = [1, 7, 42, 2026];

    [Fact]
    public void NeverAcceptsADecisionSystemTextJsonWouldRejectOrReadDifferently()
    {
        byte[][] valid =
        [
            ProtocolCodec.Encode(new AccessDecision(7, true, "ok", 3000)),
            ProtocolCodec.Encode(new AccessDecision(long.MaxValue, false, "card_revoked", 0)),
            ProtocolCodec.Encode(new AccessDecision(-1, true, "é 😀 \"q\" <&> \\", -5)),
            ProtocolCodec.Encode(new AccessDecision(1, false, "", int.MaxValue)),
        ];

        Fuzz(valid, payload =>
        {
            var coreOk = Fw.WireCodec.TryDecode(payload, out Fw.AccessDecision core);
            var sdkOk = ProtocolCodec.TryDecode(payload, ProtocolJsonContext.Default.AccessDecision, out var sdk, out _);
            return Compare(coreOk, sdkOk, () =>
                core.RequestId == sdk!.RequestId && core.Allow == sdk.Allow && core.Reason == sdk.Reason && core.OpenMs == sdk.OpenMs);
        });
    }

    [Fact]
    public void NeverAcceptsAnAckSystemTextJsonWouldRejectOrReadDifferently()
    {
        byte[][] valid =
        [
            ProtocolCodec.Encode(new EventAck(17)),
            ProtocolCodec.Encode(new EventAck(long.MinValue)),
            ProtocolCodec.Encode(new EventAck(long.MaxValue)),
            Encoding.UTF8.GetBytes("{\"note\":\"x\",\"seq\":12,\"more\":[1,{\"a\":null}]}"),
        ];

        Fuzz(valid, payload =>
        {
            var coreOk = Fw.WireCodec.TryDecode(payload, out Fw.EventAck core);
            var sdkOk = ProtocolCodec.TryDecode(payload, ProtocolJsonContext.Default.EventAck, out var sdk, out _);
            return Compare(coreOk, sdkOk, () => core.Seq == sdk!.Seq);
        });
    }

    [Fact]
    public void NeverAcceptsAnAccessListSystemTextJsonWouldRejectOrReadDifferently()
    {
        byte[][] valid =
        [
            ProtocolCodec.Encode(new AccessList(1, [])),
            ProtocolCodec.Encode(new AccessList(42, ["04A1B2", "card:9", "x.y_z-0"])),
            ProtocolCodec.Encode(new AccessList(long.MaxValue, ["A"])),
            Encoding.UTF8.GetBytes("{\"note\":\"x\",\"version\":5,\"extra\":[1,{\"a\":null}],\"cards\":[\"B7\",\"C8\"]}"),
        ];

        Fuzz(valid, payload =>
        {
            var coreOk = Fw.WireCodec.TryDecode(payload, Capacity, out Fw.AccessList core);
            var sdkOk = ProtocolCodec.TryDecode(payload, ProtocolJsonContext.Default.AccessList, out var sdk, out _);
            return Compare(coreOk, sdkOk, () => core.Version == sdk!.Version && core.Cards.SequenceEqual(sdk.Cards));
        });
    }

    // Runs every seed over every valid payload's mutations. `check` decodes one payload with both
    // codecs (the core must not throw) and says which way they disagree; failures name the payload.
    private static void Fuzz(byte[][] valid, Func<byte[], Outcome> check)
    {
        var failures = new List<string>();
        var coreAccepted = 0;
        var cases = 0;
        foreach (var seed in Seeds)
        {
            var mutator = new PayloadMutator(seed);
            for (var i = 0; i < CasesPerSeed; i++)
            {
                var payload = mutator.Mutate(valid[i % valid.Length]);
                cases++;
                Outcome outcome;
                try
                {
                    outcome = check(payload);
                }
                catch (Exception ex)
                {
                    failures.Add($"threw {ex.GetType().Name}: {Show(payload)}");
                    continue;
                }

                if (outcome == Outcome.CoreOnly && StartsWithByteOrderMark(payload))
                {
                    // Deliberate: RFC 8259 lets a reader ignore a UTF-8 BOM and the core does;
                    // ProtocolCodec reads spans and refuses it. The same payload without the BOM
                    // must still decode the same.
                    var rest = payload[3..];
                    outcome = StartsWithByteOrderMark(rest) ? Outcome.CoreOnly : check(rest);
                }

                if (outcome == Outcome.CoreOnly)
                {
                    failures.Add($"core accepts, System.Text.Json rejects: {Show(payload)}");
                }
                else if (outcome == Outcome.Different)
                {
                    failures.Add($"both accept with different values: {Show(payload)}");
                }

                if (outcome is Outcome.Same or Outcome.Different or Outcome.CoreOnly)
                {
                    coreAccepted++;
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases:\n" + string.Join("\n", failures.Take(15)));

        // A fuzzer whose mutants are all rejected proves nothing about what the core accepts.
        Assert.True(coreAccepted > cases / 20, $"only {coreAccepted} of {cases} mutants were accepted");
    }

    private static Outcome Compare(bool coreOk, bool sdkOk, Func<bool> sameValues)
    {
        if (!coreOk)
        {
            return Outcome.Rejected;
        }

        if (!sdkOk)
        {
            return Outcome.CoreOnly;
        }

        return sameValues() ? Outcome.Same : Outcome.Different;
    }

    private static bool StartsWithByteOrderMark(byte[] payload) =>
        payload.Length >= 3 && payload[0] == 0xEF && payload[1] == 0xBB && payload[2] == 0xBF;

    private static string Show(byte[] payload) =>
        string.Concat(payload.Select(b => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"<{b:X2}>"));

    private enum Outcome
    {
        Rejected,
        CoreOnly,
        Same,
        Different,
    }
}
