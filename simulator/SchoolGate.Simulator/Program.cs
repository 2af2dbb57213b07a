using System.CommandLine;
using SchoolGate.Simulator;
using SchoolGate.Simulator.Planning;

var root = new RootCommand("SchoolGate simulator: plan school entrances (\"will they queue?\") without hardware.");
root.Subcommands.Add(PlanCommand.Create());

return ExitCodes.Run(root, args);
