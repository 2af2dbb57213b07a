using System.CommandLine;
using SchoolGate.Simulator;
using SchoolGate.Simulator.Demo;
using SchoolGate.Simulator.Planning;

var root = new RootCommand("SchoolGate simulator: plan school entrances (\"will they queue?\") and play a school morning against a gateway, without hardware.");
root.Subcommands.Add(PlanCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(SchoolGate.Simulator.Parents.ParentsCommand.Create());

return ExitCodes.Run(root, args);
