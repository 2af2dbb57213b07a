using System.CommandLine;
using SchoolGate.Simulator.Planning;

namespace SchoolGate.Simulator.Tests.Planning;

/// <summary>Runs the simulator's command line in-process, capturing what a user would see.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Plan(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(PlanCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = ExitCodes.Run(root, ["plan", .. args], new InvocationConfiguration { Output = output, Error = error });
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public static string Scenario(string file) => Path.Combine(AppContext.BaseDirectory, "scenarios", file);
}

/// <summary>A scratch folder deleted after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("schoolgate-plan-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string content)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
