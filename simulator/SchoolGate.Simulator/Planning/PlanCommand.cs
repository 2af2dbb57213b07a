using System.CommandLine;
using Spectre.Console;

namespace SchoolGate.Simulator.Planning;

/// <summary>`schoolgate-sim plan`: will the children queue at the metal detector and turnstile?</summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var options = new PlanOptions();
        var command = new Command(
            "plan",
            "Simulate the morning rush at a school entrance and recommend how many metal detectors and turnstiles "
            + "keep the queue short. Needs no gateway.\n\nExamples:\n"
            + "  schoolgate-sim plan simulator/scenarios/governor.yaml --report reports/governor.html\n"
            + "  schoolgate-sim plan --students 600 --detectors 0 --turnstiles 2 --no-search\n"
            + "  schoolgate-sim plan simulator/scenarios/governor.yaml --json - --seed 7");
        command.Arguments.Add(options.Scenario);
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => Run(parse, options));
        return command;
    }

    private static int Run(ParseResult parse, PlanOptions options)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            var file = parse.GetValue(options.Scenario);
            var scenario = options.Apply(file is null ? new Scenario() : ScenarioLoader.Load(file.FullName), parse);
            var problems = ScenarioValidator.Check(scenario);
            if (problems.Count > 0)
            {
                throw new ScenarioException(file?.Name ?? "command line", problems);
            }

            var jsonPath = parse.GetValue(options.Json);
            var jsonToStdout = jsonPath == "-";
            var console = CreateConsole(output);
            var result = Compute(scenario, !parse.GetValue(options.NoSearch), jsonToStdout ? null : console);

            if (jsonToStdout)
            {
                output.WriteLine(JsonReport.Render(result));
            }
            else
            {
                ConsoleReport.Write(console, result);
            }

            if (jsonPath is { Length: > 0 } && !jsonToStdout)
            {
                WriteFile(jsonPath, JsonReport.Render(result));
                console.MarkupLineInterpolated($"JSON written to [bold]{jsonPath}[/]");
            }

            if (parse.GetValue(options.Report) is { } report)
            {
                WriteFile(report.FullName, HtmlReport.Render(result));
                console.MarkupLineInterpolated($"Report written to [bold]{report.FullName}[/]");
            }

            return ExitCodes.Success;
        }
        catch (ScenarioException e)
        {
            error.WriteLine($"error: the scenario '{e.ScenarioSource}' is not valid:");
            foreach (var problem in e.Errors)
            {
                error.WriteLine($"  {problem}");
            }

            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot write output: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    private static PlanResult Compute(Scenario scenario, bool search, IAnsiConsole? console)
    {
        if (!search || console is null || !console.Profile.Capabilities.Interactive)
        {
            return PlanResult.Compute(scenario, search);
        }

        PlanResult? result = null;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("Searching layouts");
                result = PlanResult.Compute(scenario, search, (_, total) =>
                {
                    task.MaxValue = total;
                    task.Increment(1);
                });
            });
        return result!;
    }

    private static IAnsiConsole CreateConsole(TextWriter output)
    {
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        if (terminal)
        {
            return AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        }

        // Piped to a file or captured: plain text, no live progress, lines not wrapped at 80 columns.
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        return console;
    }

    private static void WriteFile(string path, string content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, content);
    }
}
