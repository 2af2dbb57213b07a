using SchoolGate.Firmware.NanoIlCheck;

// Usage: NanoIlCheck [--no-string-indexing] <assembly.dll>
//   --no-string-indexing  also refuses s[i] on strings (quadratic in loops on nanoFramework),
//                         for the portable core, whose hot paths must keep bytes.
// Exit codes: 0 clean, 1 violations found, 2 usage or unreadable assembly.
const string NoStringIndexing = "--no-string-indexing";
var strict = args.Length == 2 && args[0] == NoStringIndexing;
if (args.Length != 1 && !strict)
{
    Console.Error.WriteLine($"usage: NanoIlCheck [{NoStringIndexing}] <assembly.dll>");
    return 2;
}

var assembly = args[^1];
IReadOnlyList<string> violations;
try
{
    violations = NanoIlScanner.Scan(assembly);
    if (strict)
    {
        violations = [.. violations, .. StringIndexingScanner.Scan(assembly)];
    }
}
catch (Exception ex) when (ex is IOException or BadImageFormatException or UnauthorizedAccessException or InvalidOperationException)
{
    Console.Error.WriteLine($"NanoIlCheck: cannot read '{assembly}': {ex.Message}");
    return 2;
}

foreach (var violation in violations)
{
    Console.Error.WriteLine($"nanoFramework 1.x: {violation}");
}

if (violations.Count > 0)
{
    Console.Error.WriteLine($"NanoIlCheck: {violations.Count} construct(s) that nanoFramework 1.x cannot run in {Path.GetFileName(assembly)}");
    return 1;
}

Console.WriteLine($"NanoIlCheck: {Path.GetFileName(assembly)} is clean (no generics, no multi-dimensional arrays{(strict ? ", no string indexing" : "")})");
return 0;
