using System.CommandLine;

namespace SchoolGate.Simulator.Demo;

/// <summary><c>demo</c>: a simulated school's morning against a gateway (embedded unless --gateway is given).</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var gateway = new Option<Uri?>("--gateway")
        {
            Description = "URL of a running gateway's HTTP API. Omit it to start an embedded gateway (MQTT broker + SQLite) in this process.",
        };
        var mqttHost = new Option<string>("--mqtt-host")
        {
            Description = "MQTT broker host the virtual turnstiles connect to (with --gateway).",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var httpPort = new Option<int>("--http-port")
        {
            Description = "HTTP port of the embedded gateway (dashboard, API).",
            DefaultValueFactory = _ => 5080,
        };
        var mqttPort = new Option<int>("--mqtt-port")
        {
            Description = "MQTT port of the embedded gateway, or of the broker given with --gateway.",
            DefaultValueFactory = _ => 1883,
        };
        var students = new Option<int>("--students")
        {
            Description = "How many students arrive.",
            DefaultValueFactory = _ => 12,
        };
        var lanes = new Option<int>("--entry-lanes")
        {
            Description = "Entry turnstiles (one exit turnstile is added).",
            DefaultValueFactory = _ => 2,
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed for arrival order and spacing; the same seed plays the same morning.",
            DefaultValueFactory = _ => 7,
        };
        var store = new Option<string?>("--store")
        {
            Description = "SQLite file of the embedded gateway (default: a new file under the temp folder).",
        };
        var exit = new Option<bool>("--exit-when-done")
        {
            Description = "Stop after the morning instead of keeping the embedded gateway running for the dashboard.",
        };
        var gatewayLogs = new Option<bool>("--gateway-logs")
        {
            Description = "Show the embedded gateway's own log lines too.",
        };
        var apiKey = new Option<string?>("--api-key")
        {
            Description = "With --gateway: a staff API key of that gateway (sgk_..., made with POST /api/auth/keys). Default: $SCHOOLGATE_API_KEY.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SCHOOLGATE_API_KEY"),
        };

        var command = new Command("demo", """
            Play a school morning against a gateway: seed a school (students, guardians, cards, turnstiles)
            through the admin API, start virtual turnstiles running the real firmware core on simulated
            hardware, connect them over MQTT, and let the children arrive. Prints taps, decisions,
            attendance and the messages parents get.

            Examples:
              schoolgate-sim demo
              schoolgate-sim demo --students 30 --entry-lanes 3 --seed 42
              schoolgate-sim demo --gateway http://localhost:5080 --mqtt-port 1883 --api-key sgk_...
              schoolgate-sim demo --http-port 5081 --mqtt-port 1884 --exit-when-done
            """)
        {
            gateway, mqttHost, httpPort, mqttPort, students, lanes, seed, store, exit, gatewayLogs, apiKey,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new DemoSettings(
                parse.GetValue(gateway),
                parse.GetValue(mqttHost)!,
                parse.GetValue(httpPort),
                parse.GetValue(mqttPort),
                parse.GetValue(students),
                parse.GetValue(lanes),
                parse.GetValue(seed),
                parse.GetValue(store),
                parse.GetValue(exit),
                parse.GetValue(gatewayLogs),
                parse.GetValue(apiKey));
            var errors = settings.Validate();
            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    Console.Error.WriteLine($"error: {error}");
                }

                return ExitCodes.BadInput;
            }

            // Parent messages are Kazakh and Russian: a console left on a legacy code page would print '?'.
            Console.OutputEncoding = System.Text.Encoding.UTF8;
            using var signals = new ShutdownSignals();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, signals.Token);
            return await DemoRun.RunAsync(settings, Console.Out, stop.Token);
        });

        return command;
    }
}
