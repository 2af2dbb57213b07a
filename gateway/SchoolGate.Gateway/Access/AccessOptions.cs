namespace SchoolGate.Gateway.Access;

public sealed class AccessOptions
{
    public const string Section = "Access";

    /// <summary>How long the turnstile relay stays open after an allow decision.</summary>
    public int OpenMs { get; set; } = 5000;
}
