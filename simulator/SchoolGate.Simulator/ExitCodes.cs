using System.CommandLine;

namespace SchoolGate.Simulator;

/// <summary>Process exit codes shared by every subcommand (documented in simulator/README.md).</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Something went wrong that the user could not have prevented (a bug, a full disk).</summary>
    public const int Failure = 1;

    /// <summary>The command line or the scenario file is wrong; the message says which field.</summary>
    public const int BadInput = 2;

    /// <summary>Parses and runs; a command line System.CommandLine rejects is bad input, not a failure.</summary>
    public static int Run(RootCommand root, string[] args, InvocationConfiguration? configuration = null)
    {
        var parseResult = root.Parse(args);
        var exitCode = parseResult.Invoke(configuration);
        return parseResult.Errors.Count > 0 ? BadInput : exitCode;
    }
}
