namespace SchoolGate.Gateway.Http;

public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Sustained requests per second one account (or, before sign-in, one address) may make.</summary>
    public int RequestsPerSecond { get; set; } = 100;

    /// <summary>Requests one account may make at once before the per-second rate applies (a bulk import's burst).</summary>
    public int RequestBurst { get; set; } = 1000;

    /// <summary>Sign-in attempts per minute from one address, on top of the per-login password throttle.</summary>
    public int SignInsPerMinute { get; set; } = 30;

    /// <summary>Largest request body; every API body is a few hundred bytes, so a bigger one is refused with 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
