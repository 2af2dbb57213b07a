using BenchmarkDotNet.Attributes;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.Access;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Benchmarks.Firmware;

/// <summary>
/// The firmware core's offline list on .NET: applying the gateway's access list step by step
/// (check, build the paged table, persist to in-memory storage) against the baseline of what a
/// .NET host does with the same payload (System.Text.Json into a HashSet). The ESP32 runs the
/// same code interpreted, far slower; these figures only compare the algorithms.
/// </summary>
[MemoryDiagnoser]
public class OfflineListApplyBenchmarks
{
    private byte[] _payload = null!;

    [Params(2_000, 4_000)]
    public int Cards { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = OfflineListFixture.Payload(Cards);
        var sync = new OfflineListSync(new OfflineAccessList(new RamStorage()), 4_000);
        sync.OnMessage(_payload);
        while (sync.Applying)
        {
            sync.Loop();
        }

        Console.WriteLine($"// {Cards} cards: {_payload.Length} payload bytes, {sync.Steps} loop steps, largest step {sync.LargestStep} operations (bound {OfflineListSync.MaxStepOperations})");
    }

    [Benchmark(Baseline = true)]
    public int SystemTextJsonIntoHashSet()
    {
        ProtocolCodec.TryDecode(_payload, ProtocolJsonContext.Default.AccessList, out var list, out _);
        return new HashSet<string>(list!.Cards, StringComparer.Ordinal).Count;
    }

    [Benchmark]
    public int CoreApplyStepByStep()
    {
        var list = new OfflineAccessList(new RamStorage());
        var sync = new OfflineListSync(list, 4_000);
        sync.OnMessage(_payload);
        while (sync.Applying)
        {
            sync.Loop();
        }

        return list.Count;
    }
}

/// <summary>An offline decision: is this card in the list? Against a HashSet lookup.</summary>
public class OfflineDecisionBenchmarks
{
    private HashSet<string> _set = null!;
    private OfflineAccessList _list = null!;
    private string[] _probes = null!;

    [Params(4_000)]
    public int Cards { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var payload = OfflineListFixture.Payload(Cards);
        ProtocolCodec.TryDecode(payload, ProtocolJsonContext.Default.AccessList, out var decoded, out _);
        _set = new HashSet<string>(decoded!.Cards, StringComparer.Ordinal);
        _list = new OfflineAccessList(new RamStorage());
        var sync = new OfflineListSync(_list, 4_000);
        sync.OnMessage(payload);
        while (sync.Applying)
        {
            sync.Loop();
        }

        // Half known cards, half strangers.
        _probes = [.. decoded.Cards.Take(50), .. OfflineListFixture.CardIds(50, seed: 99)];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 100)]
    public int HashSetContains()
    {
        var hits = 0;
        foreach (var probe in _probes)
        {
            hits += _set.Contains(probe) ? 1 : 0;
        }

        return hits;
    }

    [Benchmark(OperationsPerInvoke = 100)]
    public int CoreOfflineListContains()
    {
        var hits = 0;
        foreach (var probe in _probes)
        {
            hits += _list.Contains(probe) ? 1 : 0;
        }

        return hits;
    }
}

internal static class OfflineListFixture
{
    /// <summary>7-byte UIDs as uppercase hex (14 characters), the common MIFARE DESFire/Ultralight size.</summary>
    public static string[] CardIds(int count, int seed)
    {
        var random = new Random(seed);
        var uid = new byte[7];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (ids.Count < count)
        {
            random.NextBytes(uid);
            ids.Add(Convert.ToHexString(uid));
        }

        return [.. ids];
    }

    public static byte[] Payload(int cards) =>
        ProtocolCodec.Encode(new AccessList(1, AccessLists.Normalize(CardIds(cards, seed: 1))));
}

internal sealed class RamStorage : IStorage
{
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    public byte[]? Read(string key) => _keys.TryGetValue(key, out var value) ? value : null;

    public void Write(string key, byte[] data) => _keys[key] = data;

    public void Delete(string key) => _keys.Remove(key);
}
