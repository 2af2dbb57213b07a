using SchoolGate.Firmware.NanoIlCheck;

// Usage: NanoIlCheck <assembly.dll>
// Exit codes: 0 clean, 1 violations found, 2 usage or unreadable assembly.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: NanoIlCheck <assembly.dll>");
    return 2;
}

IReadOnlyList<string> violations;
try
{
    violations = NanoIlScanner.Scan(args[0]);
}
catch (Exception ex) when (ex is IOException or BadImageFormatException or UnauthorizedAccessException or InvalidOperationException)
{
    Console.Error.WriteLine($"NanoIlCheck: cannot read '{args[0]}': {ex.Message}");
    return 2;
}

foreach (var violation in violations)
{
    Console.Error.WriteLine($"nanoFramework 1.x: {violation}");
}

if (violations.Count > 0)
{
    Console.Error.WriteLine($"NanoIlCheck: {violations.Count} construct(s) that nanoFramework 1.x cannot run in {Path.GetFileName(args[0])}");
    return 1;
}

Console.WriteLine($"NanoIlCheck: {Path.GetFileName(args[0])} is clean (no generics, no multi-dimensional arrays)");
return 0;
