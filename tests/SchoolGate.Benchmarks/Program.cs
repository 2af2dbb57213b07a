using BenchmarkDotNet.Running;
using SchoolGate.Benchmarks.Planning;

// Run all: dotnet run -c Release --project tests/SchoolGate.Benchmarks -- --filter '*'
// (the simulator's own top-level Program is visible here, hence the explicit type below)
BenchmarkSwitcher.FromAssembly(typeof(GovernorCaseBenchmark).Assembly).Run(args);
