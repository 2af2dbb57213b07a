namespace SchoolGate.Gateway.Store;

public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>SQLite file; its directory is created on start.</summary>
    public string Path { get; set; } = "data/schoolgate.db";
}
