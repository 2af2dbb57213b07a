namespace SchoolGate.Gateway.Access;

/// <summary>What changed since the last access-list publish; resolved to turnstiles when published.</summary>
public sealed class AccessListChanges
{
    /// <summary>Every turnstile (the broker just started).</summary>
    public bool All { get; set; }

    public HashSet<string> Cards { get; } = new(StringComparer.Ordinal);

    public HashSet<long> Students { get; } = [];

    public HashSet<string> Devices { get; } = new(StringComparer.Ordinal);

    public bool IsEmpty => !All && Cards.Count == 0 && Students.Count == 0 && Devices.Count == 0;

    /// <summary>Moves everything into a new instance and leaves this one empty.</summary>
    public AccessListChanges TakeAll()
    {
        var taken = new AccessListChanges();
        taken.Merge(this);
        All = false;
        Cards.Clear();
        Students.Clear();
        Devices.Clear();
        return taken;
    }

    public void Merge(AccessListChanges other)
    {
        All |= other.All;
        Cards.UnionWith(other.Cards);
        Students.UnionWith(other.Students);
        Devices.UnionWith(other.Devices);
    }
}
