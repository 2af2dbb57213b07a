namespace SchoolGate.Gateway.Admin;

public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Shortest key accepted: anything shorter is guessable over a LAN, so the start stops.</summary>
    public const int MinKeyLength = 16;

    /// <summary>
    /// Key every /api/* and /openapi/* request must carry (<c>Authorization: Bearer</c> or
    /// <c>X-Api-Key</c>). Empty or absent: the admin API is open, as it was before (demo, tests).
    /// </summary>
    public string? ApiKey { get; set; }

    public bool KeyRequired => !string.IsNullOrEmpty(ApiKey);
}
