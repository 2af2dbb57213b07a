using System.CommandLine;

var root = new RootCommand("SchoolGate simulator: plan school entrances and load-test a gateway.");
// root.Subcommands.Add(PlanCommand.Create());
Console.WriteLine(root.Description);
return 0;
