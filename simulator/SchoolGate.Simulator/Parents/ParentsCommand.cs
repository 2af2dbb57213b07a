using System.CommandLine;
using System.Globalization;

namespace SchoolGate.Simulator.Parents;

/// <summary><c>parents</c>: the parents' morning rush through the real delivery engine on a virtual clock.</summary>
public static class ParentsCommand
{
    public static Command Create()
    {
        var scenarios = new Option<string[]>("--scenario")
        {
            Description = "pilot (10,000 arrivals in 20 min to 15,000 guardians) and/or city (80,000 in 30 min to 120,000).",
            DefaultValueFactory = _ => ["pilot", "city"],
            AllowMultipleArgumentsPerToken = true,
        };
        var tokens = new Option<int[]>("--tokens")
        {
            Description = "Bot tokens sharing the load; each count is a separate run.",
            DefaultValueFactory = _ => [1, 4, 8],
            AllowMultipleArgumentsPerToken = true,
        };
        var scale = new Option<double>("--scale")
        {
            Description = "Fewer children over a shorter window at the same rate (e.g. 0.1 for a quick look).",
            DefaultValueFactory = _ => 1.0,
        };
        var seed = new Option<int>("--seed") { Description = "Seed for the families and their arrival times.", DefaultValueFactory = _ => 7 };
        var paid = new Option<string>("--paid-broadcast")
        {
            Description = "Telegram's paid broadcast: off, emergency or always.",
            DefaultValueFactory = _ => "off",
        };
        var naive = new Option<bool>("--naive")
        {
            Description = "The baseline instead: one queue in arrival order (no priorities, no coalescing), the same limits.",
        };
        var command = new Command("parents", """
            The parents' morning rush: every arrival's message through the gateway's real delivery engine
            and the real Telegram.Bot client to a local Bot API that holds Telegram's limits (30/s per bot,
            1/s per chat) on a virtual clock, with an emergency message queued at the peak. Prints the
            delay from event to send (p50, p95, max) per scenario and number of bot tokens.

            Examples:
              schoolgate-sim parents
              schoolgate-sim parents --scenario pilot --tokens 1
              schoolgate-sim parents --scenario city --tokens 8 --scale 0.1
            """)
        {
            scenarios, tokens, scale, seed, paid, naive,
        };
        command.SetAction(async (parse, ct) =>
        {
            var runs = new List<ParentRushResult>();
            foreach (var name in parse.GetValue(scenarios)!)
            {
                if (ParentRushScenario.Named(name) is not { } scenario)
                {
                    Console.Error.WriteLine($"error: unknown scenario '{name}' (pilot, city)");
                    return ExitCodes.BadInput;
                }

                foreach (var count in parse.GetValue(tokens)!)
                {
                    if (count is < 1 or > 64)
                    {
                        Console.Error.WriteLine("error: --tokens must be 1-64");
                        return ExitCodes.BadInput;
                    }

                    var settings = new ParentRushSettings(scenario.Scaled(parse.GetValue(scale)), count, parse.GetValue(seed),
                        PaidBroadcast: parse.GetValue(paid)!, Naive: parse.GetValue(naive));
                    Console.Error.WriteLine($"running {settings.Scenario.Name} with {count} token(s)...");
                    runs.Add(await ParentRushRun.RunAsync(settings, ct));
                    Console.Error.WriteLine(Table(runs[^1..]).Split('\n')[^1]);
                }
            }

            Console.OutputEncoding = System.Text.Encoding.UTF8;
            Console.WriteLine(Table(runs));
            return runs.All(r => r.Undelivered == 0) ? 0 : 1;
        });
        return command;
    }

    public static string Table(IEnumerable<ParentRushResult> runs)
    {
        var f = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            "| scenario | tokens | arrivals | guardians | messages | sends | 429s | p50 s | p95 s | max s | emergency s | virtual | real |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        foreach (var r in runs)
        {
            lines.Add(string.Create(f, $"| {r.Settings.Scenario.Name}{(r.Settings.Naive ? " (naive queue)" : "")} | {r.Settings.Tokens} | {r.Population.Children:N0} | {r.Population.Guardians:N0} | {r.Rows:N0} | {r.Sends:N0} | {r.TooManyRequests} | {ParentRushRun.Format(r.P50Seconds)} | {ParentRushRun.Format(r.P95Seconds)} | {ParentRushRun.Format(r.MaxSeconds)} | {ParentRushRun.Format(r.EmergencySeconds)} | {r.VirtualTime.TotalMinutes:0} min | {r.RealTime.TotalSeconds:0} s |"));
        }

        return string.Join('\n', lines);
    }
}
